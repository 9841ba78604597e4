import FerryRPC
import SectorStore
import TransferCore
import TransferIO

extension ExportRun {
    /// --dry-run: the plan, sector by sector, and what the run would refuse; changes nothing.
    /// Fails as the real run would: when it would refuse or miss a sector.
    mutating func dryRun() -> SectorExportOutcome {
        request.deadlines.map { DeadlineScheduleText.dryRunLines($0.plan).forEach { emit(.scheduleLine($0)) } }
        // The real run refuses these before its first rename: so does the plan.
        let clashes = clashes(plan.sectors.filter { $0.refusal == nil })
        for index in plan.sectors.indices { if let clash = clashes[plan.sectors[index].id.number] { plan.sectors[index].refusal = clash } }
        let (files, bytes) = emitPlan()
        emitPlacement()
        emit(.deviceGroups(DeviceLoad.of(plan.sectors.filter { $0.refusal == nil && !finished.contains($0.id.number) }.flatMap(\.items))))
        let refused = plan.sectors.filter { $0.refusal != nil }.count
        let planned = plan.sectors.count - refused - plan.sectors.filter { $0.refusal == nil && finished.contains($0.id.number) }.count
        let elapsed = (ContinuousClock.now - started).components
        emit(.dryRunSummary(DryRunSummary(sectors: planned, files: files, bytes: bytes, refused: refused + failedSectors.count,
                                          seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)))
        return SectorExportOutcome(failedSectors: refused + failedSectors.count, skipped: 0, aborted: false)
    }

    /// Emits each sector's plan; returns the files and bytes it would export.
    private func emitPlan() -> (files: Int, bytes: Int64) {
        var files = 0
        var bytes: Int64 = 0
        for number in finished.subtracting(plan.sectors.map(\.id.number)).sorted() { sectorNotice(number) }
        for sector in plan.sectors {
            if let refusal = sector.refusal {
                emit(.sectorFailed(sector.id.number, .refused(refusal)))
                continue
            }
            if finished.contains(sector.id.number) {
                sectorNotice(sector.id.number)
                continue
            }
            files += sector.items.count
            bytes += sector.bytes
            emit(.planned(sector, method: method(of: sector)))
            sectorNotice(sector.id.number)
        }
        return (files, bytes)
    }

    /// `sector N → PATH (reason: …)` per sector, then the sectors and bytes each path receives.
    private func emitPlacement() {
        guard placesSectors else { return }
        let going = plan.sectors.filter { $0.refusal == nil && !finished.contains($0.id.number) }
        for sector in going { if let placement = placed[sector.id.number] { emit(.placed(sector.id.number, path: placement.path, reason: placement.reason)) } }
        for path in request.destinations {
            let here = going.filter { placed[$0.id.number]?.path == path }
            emit(.placementTotal(path: path, sectors: here.count, bytes: here.reduce(0) { $0 + $1.bytes }))
        }
    }

    /// A move on one device renames; otherwise a clone where the destination can, else a copy.
    private func method(of sector: SectorExportPlan.Sector) -> PlannedMethod {
        let destination = placed[sector.id.number]?.path ?? request.destination
        let destinationDevice = (try? FileSystem.status(destination))?.device
            ?? (try? FileSystem.status(FileSystem.parentDirectory(of: destination)))?.device
        let sameDevice = sector.items.allSatisfy { (try? FileSystem.status($0.source))?.device == destinationDevice }
        let clones = sameDevice && request.clonesAllowed && FileSystem.mayClone(FileSystem.nearestExisting(destination))
        return !request.reserve && sameDevice ? .rename : clones ? .reflink : .copy
    }
}
