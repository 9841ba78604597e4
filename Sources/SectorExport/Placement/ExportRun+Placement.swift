import SectorStore
import TransferCore
import TransferIO

extension ExportRun {
    /// More than one --dest-path: each sector is placed on one of them.
    var placesSectors: Bool { request.destinations.count > 1 }

    /// Chooses each sector's --dest-path (keeping what an earlier run of this export chose) and
    /// re-targets its files there; a sector no path can take is refused whole.
    mutating func placeSectors() throws(SectorExportError) {
        guard placesSectors else { return }
        var paths: [PathState] = []
        // Resolved together: two paths on disks that share a member are one group.
        let grouping = DeviceGrouping.resolve(request.destinations)
        for destination in request.destinations {
            let state: PathState
            do {
                state = try PathProbe.state(of: destination, minFree: options.space?.minFree ?? .automatic, group: grouping.group(of: destination)?.name)
            } catch {
                throw SectorExportError(error.description)
            }
            if state.metaMissing {
                emit(.notice("\(destination) has no sectorstore.json: placed as if attached with --store (weight 10); lotus needs `lotus-miner storage attach` before it sees the sectors"))
            }
            paths.append(state)
        }
        pathStates = paths
        replace(plan.sectors.indices.filter { plan.sectors[$0].refusal == nil }, keeping: recordedPlacements(paths))
    }

    /// Places the sectors at `indices` over `pathStates` (`recorded`: kept as they are) and
    /// re-targets them; those no path can take get their refusal.
    mutating func replace(_ indices: [Int], keeping recorded: [UInt64: Int]) {
        let inputs = indices.map { plan.sectors[$0].placementInput }
        let result = SectorPlacement.place(sectors: inputs, paths: pathStates, miner: request.miner, moves: !request.reserve, recorded: recorded)
        for index in indices {
            let number = plan.sectors[index].id.number
            if let placement = result.placements[number] {
                let root = request.destinations[placement.path]
                plan.sectors[index].retarget(to: root)
                placed[number] = (root, placement.reason)
                for item in plan.sectors[index].items {
                    let directory = FileSystem.parentDirectory(of: item.destination)
                    if !plan.directories.contains(directory) { plan.directories.append(directory) }
                }
            } else if let refusal = result.refusals[number] {
                plan.sectors[index].refusal = refusal.description
            }
        }
        for root in request.destinations {
            for name in ["sealed", "cache", "update", "update-cache"] where !plan.directories.contains(root + "/" + name) {
                plan.directories.append(root + "/" + name)
            }
        }
    }

    /// What an earlier run of this export chose, by path index: the journal's placement record,
    /// else the destination of the sector's rows. A sector with nothing committed on a path that
    /// now refuses it is placed again (with a notice).
    func recordedPlacements(_ paths: [PathState]) -> [UInt64: Int] {
        guard !records.isEmpty else { return [:] }
        let stored = JournalReader.metadata(at: journalPath, PlacementRecord.self, key: PlacementRecord.journalKey) ?? PlacementRecord()
        var rows: [UInt64: [JournalRecord]] = [:]
        for record in records.values {
            if let id = SectorID(owning: record.item.source), id.miner == request.miner { rows[id.number, default: []].append(record) }
        }
        var recorded: [UInt64: Int] = [:]
        for sector in plan.sectors where sector.refusal == nil {
            let number = sector.id.number
            guard let path = stored[number] ?? rows[number]?.compactMap(\.item.destinationRoot).first,
                  let index = request.destinations.firstIndex(of: path) else { continue }
            let committed = rows[number, default: []].contains { ($0.state == .committed || $0.state == .sourceRemoved) && $0.item.destinationRoot == path }
            if !committed, let why = SectorPlacement.exclusion(of: sector.placementInput, at: index, paths: paths, miner: request.miner, moves: !request.reserve) {
                emit(.notice("sector \(number): an earlier run placed it on \(path), which cannot take it now (\(why)); nothing of it was committed there, so it is placed again"))
                continue
            }
            recorded[number] = index
        }
        return recorded
    }

    /// Records this run's placement in the journal before any file moves.
    func storePlacement(in journal: Journal) throws(SectorExportError) {
        guard placesSectors else { return }
        var record = journal.metadata(PlacementRecord.self, key: PlacementRecord.journalKey) ?? PlacementRecord()
        for (number, placement) in placed { record[number] = placement.path }
        do { try journal.storeMetadata(record, as: PlacementRecord.journalKey) } catch { throw SectorExportError("\(error)") }
    }
}
