/// Why one path cannot take one sector (lotus' StorageBestAlloc filters, and ferry's own).
public enum PathExclusion: Sendable, Equatable, CustomStringConvertible {
    case cannotStore
    case minerDenied
    case minerNotAllowed
    case typeNotAllowed(String)
    /// MaxStorage would be exceeded: `left` bytes remain under the cap.
    case maxStorage(needed: Int64, left: Int64)
    /// Free space less what ferry already planned there (and --min-free's reserve).
    case noSpace(needed: Int64, free: Int64)
    /// Filled up earlier in this run.
    case full

    public var description: String {
        switch self {
        case .cannotStore: "CanStore is false"
        case .minerDenied: "DenyMiners lists the miner"
        case .minerNotAllowed: "AllowMiners does not list the miner"
        case .typeNotAllowed(let type): "AllowTypes/DenyTypes exclude \(type)"
        case .maxStorage(let needed, let left): "MaxStorage leaves \(left) bytes, the sector needs \(needed)"
        case .noSpace(let needed, let free): "\(free) bytes free after what is planned there, the sector needs \(needed)"
        case .full: "filled up during this run"
        }
    }
}

/// A sector no path can take, with each path's reason (in `--dest-path` order).
public struct PlacementRefusal: Sendable, Equatable, CustomStringConvertible {
    public var sector: UInt64
    public var reasons: [(path: String, exclusion: PathExclusion)]

    public static func == (a: Self, b: Self) -> Bool {
        a.sector == b.sector && a.reasons.map(\.path) == b.reasons.map(\.path) && a.reasons.map(\.exclusion) == b.reasons.map(\.exclusion)
    }

    public var description: String {
        guard !reasons.isEmpty else { return "no --dest-path can take it" }
        return "no --dest-path can take it whole: " + reasons.map { "\($0.path): \($0.exclusion)" }.joined(separator: "; ")
    }
}

/// Where one sector goes and why.
public struct Placement: Sendable, Equatable {
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// A move on the path's own file system: a rename, no bytes written.
        case rename
        /// Best available × Weight among the eligible paths.
        case rank(available: Int64, weight: UInt64)
        /// An earlier run of this export chose it (journal).
        case recorded

        public var description: String {
            switch self {
            case .rename: "rename"
            case .rank(let available, let weight): "rank \(available) bytes available × weight \(weight)"
            case .recorded: "recorded by an earlier run"
            }
        }
    }

    public var path: Int
    public var reason: Reason

    public init(path: Int, reason: Reason) {
        self.path = path
        self.reason = reason
    }
}

public struct PlacementResult: Sendable, Equatable {
    public var placements: [UInt64: Placement] = [:]
    public var refusals: [UInt64: PlacementRefusal] = [:]
}
