public import TransferCore
public import TransferIO

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
                    sector.items.append(Self.item(data, to: "\(destination)/\(replica.kind.dataDirectory)/\(entry.id.fileName)"))
                }
                let cache = "\(destination)/\(replica.kind.cacheDirectory)/\(entry.id.fileName)"
                if !replica.cacheFiles.isEmpty { directories.append(cache) }
                if let source = replica.cacheDirectory { emptiedDirectories.append(source) }
                for file in replica.cacheFiles {
                    sector.items.append(Self.item(file, to: cache + "/" + file.name))
                }
            }
            if sector.items.isEmpty { sector.refusal = "no files to export" }
            sectors.append(sector)
        }
    }

    private static func item(_ file: StoreFile, to destination: String) -> TransferItem {
        TransferItem(source: file.path, destination: destination, size: file.status.size,
                     permissions: file.status.permissions, modificationTime: file.status.modificationTime)
    }
}
