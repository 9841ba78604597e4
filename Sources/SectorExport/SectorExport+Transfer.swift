import ScaleOut
import SectorStore
import TransferCore
import TransferIO

extension ExportRun {
    /// Creates the directories, opens the session, runs it with per-sector source removal, then
    /// accounts for every sector, cleans up after the failed ones and reports the summary.
    mutating func transfer(_ selection: ExportSelection) throws(SectorExportError) -> SectorExportOutcome {
        var selection = selection
        let exported = selection.exported
        let transferPlan = TransferPlan(items: exported.flatMap(\.items), directories: selection.directories,
                                        destinationRoot: request.destination, sources: request.sources, destination: request.destination)
        for directory in selection.directories {
            do { try FileSystem.makeDirectories(directory) } catch {
                throw SectorExportError("cannot create \(directory): \(error)")
            }
        }
        if let deadlines = request.deadlines { applySchedule(deadlines, exported: exported) }
        let fill = placesSectors ? PathFill(pathOf: placed.mapValues(\.path), sectorOf: Self.sectorOf(exported)) : nil
        if let fill { options.decline = { fill.decline($0) } }
        let session: TransferSession
        do {
            session = try TransferSession(plan: transferPlan, options: options, journalPath: journalPath, reset: request.journalReset,
                                          otherRoots: request.destinations) { emit(.notice($0)) }
        } catch {
            throw SectorExportError("\(error)")
        }
        defer { session.journal.close() }
        try storePlacement(in: session.journal)
        let tracker = UnitTracker(sectors: Dictionary(exported.map { ($0.id.number, $0.items.map(\.source)) }, uniquingKeysWith: +))
        let remover = request.reserve ? nil : SectorSourceRemover(sectors: exported, session: session, check: request.check)
        for (number, reason) in selection.clashes { tracker.refused(sector: number, reason: reason) }
        for sector in selection.refused { tracker.refused(sector: sector.id.number, reason: sector.refusal ?? "refused") }
        emit(.started(SectorExportStart(session: session, tracker: tracker, sectors: exported.count, throttle: options.throttle, options: options)))
        // As for copy and move: `report` takes each shard's hosts, runs and throughput from this
        // log; a run killed mid-way leaves its start line without an end.
        if request.shard != nil { ShardRunLog.started(journal: session.journal.path, shard: request.shard) }
        let round = Round(session: session, tracker: tracker, remover: remover, fill: fill, accountable: selection.accountable.count)
        guard let outcome = runRounds(round, selection: &selection) else {
            // The journal (or the engine) failed: no source was deleted after that, but which
            // sectors finished is unknown here, so count every one of this run as failed.
            return SectorExportOutcome(failedSectors: selection.accountable.count, skipped: 0, aborted: true)
        }
        emit(.sourceRemoval)
        let removalFailures = removalFailures(remover, exported: exported, results: outcome.results)
        account(selection, results: outcome.results, removalFailures: removalFailures)
        cleanUp(selection, results: outcome.results)
        // Only now, after the sources' removal: a task killed while deleting them was not done.
        if request.shard != nil { ShardRunLog.ended(journal: session.journal.path, shard: request.shard, outcome: outcome) }
        if let manifest = request.manifest, let problem = manifest(outcome.results, options) {
            emit(.manifestFailed(problem))
            failedSectors.insert(UInt64.max)
        }
        summarize(selection, outcome: outcome)
        return SectorExportOutcome(failedSectors: failedSectors.count, skipped: selection.skipped.count, aborted: false)
    }

    /// Runs the session (`only`: a later round's items); nil when the journal or the engine
    /// failed (reported as `aborted`). A file the round declined is kept out of its sector's
    /// results: the next round settles it.
    func run(_ round: Round, only: [TransferItem]? = nil) -> TransferSession.Outcome? {
        let (emit, fill) = (emit, round.fill)
        do {
            return try round.session.run(recheck: request.recheck, only: only) { event in
                if case .fileFinished(let result) = event, let fill, !fill.finished(result) { return }
                round.deliver(event, emit: emit)
            }
        } catch {
            _ = round.remover?.finish()
            emit(.aborted(reason: "\(error)", sectors: round.accountable))
            return nil
        }
    }

    /// What kept each sector's sources: the remover's failures, and for a copy (which keeps its
    /// sources anyway) a failed --check, which only decides the sector's status.
    private func removalFailures(_ remover: SectorSourceRemover?, exported: [SectorExportPlan.Sector],
                                 results: [FileResult]) -> [UInt64: [String: String]] {
        var failures = remover?.finish() ?? [:]
        guard request.reserve, let check = request.check else { return failures }
        let arrived = exported.filter { sector in !sector.items.contains { item in results.contains { $0.item.source == item.source && !$0.succeeded } } }
        for sector in arrived { if let problem = check(sector.id.number) { failures[sector.id.number] = ["check": problem] } }
        return failures
    }

    /// Files start only outside their sector's WindowPoSt window, and the disks of sectors whose
    /// deadline is open run at --proving-bwlimit: sources (and this run's destination).
    private mutating func applySchedule(_ deadlines: ExportDeadlines, exported: [SectorExportPlan.Sector]) {
        let emit = emit
        let sectorOf = Dictionary(uniqueKeysWithValues: exported.flatMap { sector in sector.items.map { ($0.source, sector.id.number) } })
        options.startGate = deadlines.gate(sectorOf: sectorOf) { emit(.notice($0)) }
        let destinationDevice = (try? FileSystem.status(FileSystem.nearestExisting(request.destination)).device)
        var devicesOf: [UInt64: Set<UInt64>] = [:]
        for sector in plan.sectors {
            for item in sector.items { if let device = try? FileSystem.status(item.source).device { devicesOf[sector.id.number, default: []].insert(device) } }
        }
        for sector in exported { if let destinationDevice { devicesOf[sector.id.number, default: []].insert(destinationDevice) } }
        var settings = request.throttle
        settings.deviceLimits = deadlines.deviceLimits(devicesOf: devicesOf) { emit(.notice($0)) }
        options.throttle = Throttle(settings)
    }
}
