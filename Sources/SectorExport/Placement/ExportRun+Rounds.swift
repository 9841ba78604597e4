import SectorStore
import TransferCore
import TransferIO

/// What every round of one export's session shares.
struct Round {
    let session: TransferSession
    let tracker: UnitTracker
    let remover: SectorSourceRemover?
    let fill: PathFill?
    let accountable: Int

    /// One engine event through the tracker, the remover and the renderer.
    func deliver(_ event: TransferEvent, emit: SectorExport.Events) {
        let sectorDone = tracker.record(event)
        guard case .fileFinished(let result) = event else { return emit(.transfer(event)) }
        let number = tracker.sector(of: result.item.source)
        if let number { remover?.finished(result, sector: number) }
        emit(.file(result, sector: number))
        if let sectorDone { emit(.sectorCommitted(sectorDone.sector, sectorDone.results)) }
    }
}

extension ExportRun {
    static func sectorOf(_ sectors: [SectorExportPlan.Sector]) -> [String: UInt64] {
        Dictionary(sectors.flatMap { sector in sector.items.map { ($0.source, sector.id.number) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs the session; when a path filled up, the sectors that had not started a file there
    /// are placed again over the paths left and run in another round of the same session (same
    /// journal), until no sector is declined. Nothing is split: a declined sector has no file
    /// anywhere yet.
    mutating func runRounds(_ round: Round, selection: inout ExportSelection) -> TransferSession.Outcome? {
        guard var outcome = run(round) else { return nil }
        guard let fill = round.fill else { return outcome }
        for _ in request.destinations.indices {
            let declined = fill.nextRound(pathOf: [:])
            guard !declined.isEmpty else { break }
            outcome.results.removeAll { declined[$0.item.source] != nil }
            let (items, unplaced) = replaceDeclined(fill.sectors(of: declined), declined: declined, full: fill.full, selection: &selection)
            _ = fill.nextRound(pathOf: placed.mapValues(\.path))
            try? storePlacement(in: round.session.journal)
            // Files no path can take now end as the declined failures they were.
            for result in unplaced { round.deliver(.fileFinished(result), emit: emit) }
            outcome.results += unplaced
            guard !items.isEmpty else { break }
            guard let next = run(round, only: items) else { return nil }
            outcome.results += next.results
            outcome.seconds += next.seconds
        }
        return outcome
    }

    /// Places the declined sectors again (the full paths excluded, free space measured anew);
    /// returns the items to run and the declined results of sectors no path takes.
    private mutating func replaceDeclined(_ numbers: Set<UInt64>, declined: [String: FileResult], full: Set<String>,
                                          selection: inout ExportSelection) -> (items: [TransferItem], unplaced: [FileResult]) {
        for index in pathStates.indices {
            let path = pathStates[index].path
            if let fresh = try? PathProbe.state(of: path, minFree: options.space?.minFree ?? .automatic, group: pathStates[index].group) { pathStates[index] = fresh }
            pathStates[index].full = full.contains(path)
        }
        let indices = plan.sectors.indices.filter { numbers.contains(plan.sectors[$0].id.number) }
        let before = indices.map { plan.sectors[$0] }
        replace(indices, keeping: [:])
        var items: [TransferItem] = []
        var unplaced: [FileResult] = []
        for (index, old) in zip(indices, before) {
            let sector = plan.sectors[index]
            // The cache/<sector> directory made on the full path would look like a sector to lotus.
            for directory in Set(old.items.map { FileSystem.parentDirectory(of: $0.destination) }) where directory.hasSuffix("/" + sector.id.fileName) {
                try? FileSystem.removeDirectory(directory)
            }
            if let refusal = sector.refusal {
                unplaced += old.items.compactMap { declined[$0.source] }.map { result in
                    var failed = result
                    failed.failure = "not started: \(placed[sector.id.number]?.path ?? "its path") filled up, and \(refusal)"
                    return failed
                }
                continue
            }
            emit(.notice("sector \(sector.id.number): \(old.items.first?.destinationRoot ?? "its path") filled up; placed on \(placed[sector.id.number]?.path ?? "?") instead"))
            for item in sector.items { try? FileSystem.makeDirectories(FileSystem.parentDirectory(of: item.destination)) }
            items += sector.items
            if let at = selection.exported.firstIndex(where: { $0.id == sector.id }) { selection.exported[at] = sector }
            if let at = selection.accountable.firstIndex(where: { $0.id == sector.id }) { selection.accountable[at] = sector }
        }
        return (items, unplaced)
    }
}
