public import SectorStore
public import TransferCore
import TransferIO

/// A snapped sector's sector key (`sealed/` + `cache/`) that an export leaves in its store.
public struct SectorKeyLeft: Sendable, Equatable {
    public var number: UInt64
    /// The store holding the key's sealed file (or, without one, its cache directory).
    public var store: String
    /// Everything left: the sealed file and the cache files.
    public var bytes: Int64

    public init(number: UInt64, store: String, bytes: Int64) {
        self.number = number
        self.store = store
        self.bytes = bytes
    }
}

extension SectorExportPlan {
    /// Sectors an earlier run of this command finished: every file's journal row is finished
    /// (committed by a copy, source removed by a move), describes the file the plan has now, and
    /// its destination is still there at the planned size. The session would only confirm them,
    /// so a dry run says "already exported" instead of planning them again. Sectors a move took
    /// whole are no longer in the stores (nor in the plan): their rows alone say so.
    public func alreadyExported(_ records: [String: JournalRecord], miner: MinerID, numbers: SectorSelection?) -> Set<UInt64> {
        var done = Set<UInt64>()
        for sector in sectors where sector.refusal == nil && !sector.items.isEmpty {
            let finished = sector.items.allSatisfy { item in
                guard let record = records[item.source], record.item.destination == item.destination,
                      record.item.size == item.size, record.item.modificationTime == item.modificationTime else { return false }
                return Self.arrived(record)
            }
            if finished { done.insert(sector.id.number) }
        }
        var gone: [UInt64: [JournalRecord]] = [:]
        for record in records.values {
            guard let id = SectorID(owning: record.item.source), id.miner == miner, numbers?.contains(id.number) ?? true,
                  !sectors.contains(where: { $0.id == id }) else { continue }
            gone[id.number, default: []].append(record)
        }
        for (number, rows) in gone where rows.allSatisfy({ $0.state == .sourceRemoved && Self.arrived($0) }) { done.insert(number) }
        return done
    }

    /// Nothing more is owed for this row, and its destination is still the file it committed.
    private static func arrived(_ record: JournalRecord) -> Bool {
        guard record.isFinished, record.state != .sourceRemoved || !FileSystem.exists(record.item.source),
              let there = try? FileSystem.status(record.item.destination) else { return false }
        return there.kind == .regular && there.size == record.item.size
    }

    /// The sector keys this plan leaves behind: for each snapped sector exported from `update/`
    /// + `update-cache/` without `withSectorKey`, the `sealed/` + `cache/` the scan still finds.
    public func sectorKeysLeft(scan: StoreScan, withSectorKey: Bool) -> [UInt64: SectorKeyLeft] {
        guard !withSectorKey else { return [:] }
        let entries = Dictionary(scan.sectors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var left: [UInt64: SectorKeyLeft] = [:]
        for sector in sectors where sector.snapUpgraded && sector.refusal == nil {
            // A sector whose update replica an earlier run moved scans as a plain sealed one:
            // what the scan calls `sealed` is the key either way.
            guard let key = entries[sector.id]?.sealed else { continue }
            let exported = Set(sector.items.map(\.source))
            guard !key.files.contains(where: { exported.contains($0.path) }) else { continue }
            guard let anchor = key.data?.path ?? key.cacheDirectory else { continue }
            let store = FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: anchor))
            left[sector.id.number] = SectorKeyLeft(number: sector.id.number, store: store, bytes: key.bytes)
        }
        return left
    }
}
