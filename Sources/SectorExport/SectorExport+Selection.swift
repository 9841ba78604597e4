import FerryRPC
public import ScaleOut
import SectorStore
import TransferCore
import TransferIO

/// The sectors a real run transfers, and those it accounts for without transferring.
struct ExportSelection {
    /// This shard's sectors that pass every refusal, in the order they run.
    var exported: [SectorExportPlan.Sector]
    /// Refused sectors this run reports (shard 0, or an unsharded run).
    var refused: [SectorExportPlan.Sector]
    /// Every sector whose result this run reports, by number.
    var accountable: [SectorExportPlan.Sector]
    /// Sectors refused whole because a destination file is in the way.
    var clashes: [UInt64: String]
    /// With --defer skip: sectors left for a later run.
    var skipped: [DeferredSector]
    /// The destination directories to create.
    var directories: [String]
}

extension ExportRun {
    /// This shard's sectors less the refused, clashing and deferred ones.
    mutating func select() throws(SectorExportError) -> ExportSelection {
        var exported = plan.sectors.filter { $0.refusal == nil }
        if let shard = request.shard { exported = try restrict(exported, to: shard) }
        // A sector another shard owns may look incomplete here while that shard moves it.
        let othersShards = request.shard.map { ownedElsewhere(by: $0) } ?? []
        let refused = request.reportsRefusals ? plan.sectors.filter { $0.refusal != nil && !othersShards.contains($0.id.fileName) } : []
        let accountable = (exported + refused).sorted { $0.id < $1.id }
        let clashes = clashes(exported)
        for (number, reason) in clashes.sorted(by: { $0.key < $1.key }) {
            emit(.sectorFailed(number, .refused(reason)))
            failedSectors.insert(number)
        }
        exported.removeAll { clashes[$0.id.number] != nil }
        let skipped = request.deadlines?.skipped.filter { deferred in exported.contains { $0.id.number == deferred.sector } } ?? []
        if let deadlines = request.deadlines {
            exported = deadlines.order(exported.filter { sector in !skipped.contains { $0.sector == sector.id.number } })
        }
        // Only this shard's sectors' directories (and the four lotus ones): another shard's, or the
        // cache of a sector key left behind, would show lotus a sector this run does not bring.
        let needed = Set(exported.flatMap(\.items).map { FileSystem.parentDirectory(of: $0.destination) })
        let directories = plan.directories.filter { needed.contains($0) || request.destinations.contains(FileSystem.parentDirectory(of: $0)) }
        return ExportSelection(exported: exported, refused: refused, accountable: accountable, clashes: clashes,
                               skipped: skipped, directories: directories)
    }

    /// This shard's sectors, through the partition frozen in the destination's `.ferry/`.
    private func restrict(_ sectors: [SectorExportPlan.Sector], to spec: ShardSpec) throws(SectorExportError) -> [SectorExportPlan.Sector] {
        let assignment: ShardAssignment
        do {
            assignment = try ShardAssignment.resolve(units: SectorExport.shardUnits(sectors), spec: spec, ferryDirectory: request.ferryDirectory)
        } catch {
            throw SectorExportError(error.message)
        }
        assignment.notices.forEach { emit(.shardNotice($0)) }
        let mine = sectors.indices.filter { assignment.contains($0) }.map { sectors[$0] }
        emit(.shardNotice("shard \(spec): \(mine.count) of \(sectors.count) sector(s)"))
        return mine
    }

    /// Sector names the frozen partition gives to a shard other than `spec`.
    private func ownedElsewhere(by spec: ShardSpec) -> Set<String> {
        guard let map = try? ShardMap.load(ShardMap.path(ferryDirectory: request.ferryDirectory, shards: spec.count)) else { return [] }
        return Set(map.units.filter { $0.shard != spec.index }.map(\.key))
    }
}

extension SectorExport {
    /// `export files` shards by sector (key `s-t0M-N`, bytes = all its files), so a sector's
    /// sealed, cache and update files always move together under one shard's journal.
    public static func shardUnits(_ sectors: [SectorExportPlan.Sector]) -> [ShardUnit] {
        sectors.map { ShardUnit(key: $0.id.fileName, bytes: $0.items.reduce(0) { $0 + $1.size }) }
    }
}
