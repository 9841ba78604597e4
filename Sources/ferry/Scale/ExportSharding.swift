import ArgumentParser
import ScaleOut
import SectorExport
import SectorStore
import TransferCore
import TransferIO

/// `export files` shards by sector (key `s-t0M-N`, bytes = all its files), so a sector's
/// sealed, cache and update files always move together under one shard's journal.
extension ExportFilesCommand: ShardablePlan {
    func shardPlan() throws -> (units: [ShardUnit], ferryDirectory: String) {
        let plan = try exportPlanForSharding()
        return (SectorExport.shardUnits(plan.sectors.filter { $0.refusal == nil }), FileSystem.absolute(destPath) + "/.ferry")
    }

    /// The export's plan as `plan` sees it (no journal read): shards and device groups come from it.
    func exportPlanForSharding() throws -> SectorExportPlan {
        let scan = StoreScanner.scan(stores: sources, miner: miner, numbers: sectorNumbers.selection)
        // As the export itself: a miner the stores never held is a typo, unless a run already moved it all.
        if scan.sectors.isEmpty && !FileSystem.exists(FileSystem.absolute(destPath) + "/.ferry") {
            try StoreArguments.requireSectors(of: miner, in: sources)
        }
        return SectorExportPlan(scan: scan, destination: destPath, withSectorKey: withSectorKey, allowIncomplete: allowIncomplete)
    }
}
