import Foundation
public import SectorStore

/// What the check found for one replica (sealed/ + cache/, or update/ + update-cache/).
public struct ReplicaReport: Sendable {
    public var kind: ReplicaKind
    /// CommR computed from p_aux, as its sealed CID text (`bagboea4b5abc…`).
    public var commR: String?
    /// The CID the source of truth (damocles state, lotus record) gives, when one was given.
    public var expectedCommR: String?
    public var treeFilesOK = 0
    public var treeFiles = 0
    public var challengesPassed = 0
    public var challenges = 0
    /// --full: lowest stored nodes recomputed, bytes of replica read and the time it took.
    public var full: FullScanReport?
    /// Each thing that is wrong, naming the file, the row/offset and expected vs found.
    public var problems: [String] = []

    public var ok: Bool { problems.isEmpty }

    public init(kind: ReplicaKind) { self.kind = kind }
}

public struct FullScanReport: Sendable {
    public var nodes: Int
    public var nodesOK: Int
    public var bytes: Int64
    public var seconds: Double

    public var gibPerSecond: Double { seconds > 0 ? Double(bytes) / Double(1 << 30) / seconds : 0 }

    /// "1.52 GiB/s", or in MiB/s below 1 GiB/s (a --full scan is hash-bound: a few MiB/s per core).
    public var rate: String {
        gibPerSecond >= 1 ? String(format: "%.2f GiB/s", gibPerSecond) : String(format: "%.1f MiB/s", gibPerSecond * 1024)
    }
}
