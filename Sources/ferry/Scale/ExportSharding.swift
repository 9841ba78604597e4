import ArgumentParser
import SectorStore
import TransferCore
import TransferIO

/// `export files` shards by sector (key `s-t0M-N`, bytes = all its files), so a sector's
/// sealed, cache and update files always move together under one shard's journal.
extension ExportFilesCommand: ShardablePlan {
    func shardPlan() throws -> (units: [ShardUnit], ferryDirectory: String) {
        let scan = StoreScanner.scan(stores: sources, miner: miner, numbers: sectorNumbers.selection)
        // As the export itself: a miner the stores never held is a typo, unless a run already moved it all.
        if scan.sectors.isEmpty && !FileSystem.exists(FileSystem.absolute(destPath) + "/.ferry") {
            try StoreArguments.requireSectors(of: miner, in: sources)
        }
        let plan = SectorExportPlan(scan: scan, destination: destPath, withSectorKey: withSectorKey, allowIncomplete: allowIncomplete)
        return (ShardChoice.units(plan.sectors.filter { $0.refusal == nil }), FileSystem.absolute(destPath) + "/.ferry")
    }
}

extension ShardChoice {
    static func units(_ sectors: [SectorExportPlan.Sector]) -> [ShardUnit] {
        sectors.map { ShardUnit(key: $0.id.fileName, bytes: $0.items.reduce(0) { $0 + $1.size }) }
    }

    /// This shard's sectors, through the partition frozen in `ferryDirectory`.
    static func restrict(_ sectors: [SectorExportPlan.Sector], to spec: ShardSpec, ferryDirectory: String, notice: (String) -> Void) throws -> [SectorExportPlan.Sector] {
        let assignment: ShardAssignment
        do {
            assignment = try ShardAssignment.resolve(units: units(sectors), spec: spec, ferryDirectory: ferryDirectory)
        } catch {
            Stderr.write("ferry: \(error.message)\n")
            throw ExitCode(1)
        }
        assignment.notices.forEach(notice)
        let mine = sectors.indices.filter { assignment.contains($0) }.map { sectors[$0] }
        notice("shard \(spec): \(mine.count) of \(sectors.count) sector(s)")
        return mine
    }
}
