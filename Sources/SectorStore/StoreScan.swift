public import TransferIO

/// Which pair of directories a sector replica lives in.
public enum ReplicaKind: String, Sendable, Codable {
    /// `sealed/<name>` + `cache/<name>/`: a sealed sector, or the sector key of a snapped one.
    case sealed
    /// `update/<name>` + `update-cache/<name>/`: a snap-upgraded replica.
    case update

    public var dataDirectory: String { self == .sealed ? "sealed" : "update" }
    public var cacheDirectory: String { self == .sealed ? "cache" : "update-cache" }
}

/// One file found in a store, with what `lstat` said of it.
public struct StoreFile: Sendable {
    public var path: String
    public var name: String
    public var status: FileStatus
}

/// The data file and cache directory of one replica, possibly in two different stores.
public struct SectorReplica: Sendable {
    public var kind: ReplicaKind
    public var data: StoreFile?
    public var cacheDirectory: String?
    public var cacheFiles: [StoreFile] = []
    /// Why the replica is not a complete finalized sector (empty when complete).
    public var problems: [String] = []

    public var size: SectorSize? { data.flatMap { SectorSize(rawValue: $0.status.size) } }
    public var isComplete: Bool { problems.isEmpty }
    public var files: [StoreFile] { (data.map { [$0] } ?? []) + cacheFiles }
    public var bytes: Int64 { files.reduce(0) { $0 + $1.status.size } }
}

/// Everything a set of stores holds for one sector.
public struct SectorEntry: Sendable {
    public let id: SectorID
    public var sealed: SectorReplica?
    public var update: SectorReplica?
    public var unsealed: [String] = []

    public var isSnapUpgraded: Bool { update != nil }
    /// The replica lotus proves: the update one for a snapped sector.
    public var live: SectorReplica? { update ?? sealed }
    public var isComplete: Bool { live?.isComplete ?? false }
    public var size: SectorSize? { live?.size ?? sealed?.size }
}

/// An entry lotus cannot parse as a sector (it refuses to open a path holding one).
public struct ForeignEntry: Sendable {
    public var path: String
    public var reason: String
}

public struct StoreScan: Sendable {
    public var sectors: [SectorEntry]
    public var foreign: [ForeignEntry]
    public var miners: Set<MinerID> { Set(sectors.map(\.id.miner)) }
}
