public import SectorStore
public import TransferCore
import TransferIO

/// What `export files` does with each selected sector: the files it transfers (source → lotus
/// layout at the destination), or why it refuses the sector.
public struct SectorExportPlan: Sendable {
    public struct Sector: Sendable {
        public var id: SectorID
        public var snapUpgraded: Bool
        public var size: SectorSize?
        public var items: [TransferItem]
        /// Set when the sector is not exported (incomplete, no files), with the reason.
        public var refusal: String?
        public var bytes: Int64 { items.reduce(0) { $0 + $1.size } }
    }

    public var sectors: [Sector]
    /// Directories lotus needs at the destination (damocles fails when they are missing).
    public var directories: [String]
    /// Source cache directories a move empties.
    public var emptiedDirectories: [String]

    public var items: [TransferItem] { sectors.flatMap(\.items) }

    /// Plans from a scan. `withSectorKey` also exports the sealed/cache pair of snapped sectors;
    /// `allowIncomplete` exports whatever files an incomplete sector has.
    public init(scan: StoreScan, destination rawDestination: String, withSectorKey: Bool, allowIncomplete: Bool) {
        let destination = FileSystem.absolute(rawDestination)
        directories = ["sealed", "cache", "update", "update-cache"].map { destination + "/" + $0 }
        emptiedDirectories = []
        sectors = []
        for entry in scan.sectors {
            var replicas: [SectorReplica] = []
            if let live = entry.live { replicas.append(live) }
            if withSectorKey, entry.isSnapUpgraded, let key = entry.sealed { replicas.append(key) }
            var sector = Sector(id: entry.id, snapUpgraded: entry.isSnapUpgraded, size: entry.size, items: [])
            let problems = replicas.flatMap(\.problems)
            if !problems.isEmpty && !allowIncomplete {
                sector.refusal = "incomplete: " + problems.joined(separator: "; ")
                sectors.append(sector)
                continue
            }
            for replica in replicas {
                if let data = replica.data {
                    sector.items.append(Self.item(data, to: "\(destination)/\(replica.kind.dataDirectory)/\(entry.id.fileName)",
                                                  depth: 2, destinationRoot: destination))
                }
                let cache = "\(destination)/\(replica.kind.cacheDirectory)/\(entry.id.fileName)"
                if !replica.cacheFiles.isEmpty { directories.append(cache) }
                if let source = replica.cacheDirectory { emptiedDirectories.append(source) }
                for file in replica.cacheFiles {
                    sector.items.append(Self.item(file, to: cache + "/" + file.name, depth: 3, destinationRoot: destination))
                }
            }
            if sector.items.isEmpty { sector.refusal = "no files to export" }
            sectors.append(sector)
        }
    }

    /// `depth` is how far below its store the file sits (`sealed/N`: 2, `cache/N/p_aux`: 3): the
    /// store is the root below which no link is followed when the file is read or deleted.
    private static func item(_ file: StoreFile, to destination: String, depth: Int, destinationRoot: String) -> TransferItem {
        var store = file.path
        for _ in 0..<depth { store = FileSystem.parentDirectory(of: store) }
        return TransferItem(source: file.path, destination: destination, size: file.status.size,
                            permissions: file.status.permissions, modificationTime: file.status.modificationTime,
                            sourceRoot: store, destinationRoot: destinationRoot, sourceIdentity: FileIdentity(file.status))
    }
}

extension SectorExportPlan {
    /// Sectors an interrupted export had started: some of their files may already be at the
    /// destination (and gone from the store), so the scan calls them incomplete. The journal
    /// holds their full file list from the first run; resume from that instead of refusing.
    ///
    /// A snapped sector an earlier run exported without `withSectorKey` left its sector key in the
    /// store, where it now scans as a plain sealed sector: resume what that run exported instead.
    /// Returns the numbers of the sectors the journal shows as (partly) exported.
    @discardableResult
    public mutating func resumeInterrupted(_ records: [String: JournalRecord], miner: MinerID, numbers: SectorSelection?,
                                           withSectorKey: Bool) -> Set<UInt64> {
        var rows: [SectorID: [JournalRecord]] = [:]
        for record in records.values {
            guard let id = SectorID(owning: record.item.source), id.miner == miner,
                  numbers?.contains(id.number) ?? true else { continue }
            rows[id, default: []].append(record)
        }
        // Only sectors with a file that actually left: committed or removed, or a source that is
        // gone (renames on one file system happen before their rows say so). Rows that only
        // planned or failed moved nothing, and the scan's verdict stands for them.
        rows = rows.filter { _, records in
            records.contains { $0.state == .committed || $0.state == .sourceRemoved || !FileSystem.exists($0.item.source) }
        }
        for (id, records) in rows {
            let items = records.map(\.item).sorted { $0.source < $1.source }
            if let index = sectors.firstIndex(where: { $0.id == id }) {
                let leftKey = !withSectorKey && !sectors[index].snapUpgraded && sectors[index].refusal == nil
                    && items.contains { Self.isUpdate($0.source) } && !items.contains { !Self.isUpdate($0.source) }
                guard sectors[index].refusal != nil || leftKey else { continue }
                if leftKey {
                    // Nor create or empty the key's cache directories.
                    let keyCaches = Set(sectors[index].items.flatMap { [FileSystem.parentDirectory(of: $0.destination), FileSystem.parentDirectory(of: $0.source)] })
                        .filter { $0.hasSuffix("/" + id.fileName) }
                    directories.removeAll { keyCaches.contains($0) }
                    emptiedDirectories.removeAll { keyCaches.contains($0) }
                    sectors[index].snapUpgraded = true
                }
                sectors[index].items = items
                sectors[index].refusal = nil
            } else if records.contains(where: { $0.state != .sourceRemoved }) {
                sectors.append(Sector(id: id, snapUpgraded: items.contains { Self.isUpdate($0.source) }, size: nil, items: items))
            }
            for item in items {
                let directory = FileSystem.parentDirectory(of: item.destination)
                if !directories.contains(directory) { directories.append(directory) }
                let source = FileSystem.parentDirectory(of: item.source)
                if FileSystem.baseName(of: FileSystem.parentDirectory(of: source)).hasSuffix("cache"), !emptiedDirectories.contains(source) {
                    emptiedDirectories.append(source)
                }
            }
        }
        sectors.sort { $0.id < $1.id }
        return Set(rows.keys.map(\.number))
    }

    /// A file of a snapped replica: `update/<name>` or `update-cache/<name>/<file>`.
    static func isUpdate(_ path: String) -> Bool {
        let parent = FileSystem.parentDirectory(of: path)
        return FileSystem.baseName(of: parent) == "update" || FileSystem.baseName(of: FileSystem.parentDirectory(of: parent)) == "update-cache"
    }
}

extension SectorID {
    /// The sector a store path belongs to: `<store>/sealed|update/<name>` or
    /// `<store>/cache|update-cache/<name>/<file>`.
    public init?(owning path: String) {
        let parent = FileSystem.parentDirectory(of: path)
        let parentName = FileSystem.baseName(of: parent)
        if ["sealed", "update"].contains(parentName), let id = SectorID(fileName: FileSystem.baseName(of: path)) {
            self = id
        } else if ["cache", "update-cache"].contains(FileSystem.baseName(of: FileSystem.parentDirectory(of: parent))),
                  let id = SectorID(fileName: parentName) {
            self = id
        } else {
            return nil
        }
    }
}
