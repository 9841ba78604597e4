public import LotusMetadata

/// One `--dest-path` as placement sees it: its lotus metadata and the space it has. Pure data:
/// `PathProbe` fills it from the file system, tests build it by hand.
public struct PathState: Sendable, Equatable {
    public var path: String
    public var meta: LotusStorageMeta
    /// The path has no sectorstore.json: it is placed as if attached `--store` (weight 10).
    public var metaMissing: Bool
    /// statfs bavail × bsize of the path's file system.
    public var free: Int64
    /// Bytes already under the path; measured only when MaxStorage caps it (else 0).
    public var used: Int64
    /// st_dev: paths on one file system share `free`, so planned bytes are deducted per file system.
    public var fileSystem: UInt64
    /// Device group (ties go to the group with the fewest bytes planned so far).
    public var group: String
    /// What --min-free keeps free on this file system.
    public var keep: Int64
    /// A file failed there for lack of space during this run: no new sector goes there.
    public var full: Bool

    public init(path: String, meta: LotusStorageMeta = .attachedStore, metaMissing: Bool = false, free: Int64, used: Int64 = 0,
                fileSystem: UInt64, group: String? = nil, keep: Int64 = 0, full: Bool = false) {
        self.path = path
        self.meta = meta
        self.metaMissing = metaMissing
        self.free = free
        self.used = used
        self.fileSystem = fileSystem
        self.group = group ?? "dev:\(fileSystem)"
        self.keep = keep
        self.full = full
    }
}

/// What placement needs to know about one sector.
public struct PlacementSector: Sendable, Equatable {
    public var number: UInt64
    /// Bytes a copy writes at the destination (all its files).
    public var bytes: Int64
    /// st_dev of its files when they all share one file system (a move there is a rename).
    public var sourceDevice: UInt64?
    /// lotus file types it brings (`sealed`, `cache`, `update`, `update-cache`), for AllowTypes/DenyTypes.
    public var fileTypes: Set<String>

    public init(number: UInt64, bytes: Int64, sourceDevice: UInt64?, fileTypes: Set<String> = ["sealed", "cache"]) {
        self.number = number
        self.bytes = bytes
        self.sourceDevice = sourceDevice
        self.fileTypes = fileTypes
    }
}
