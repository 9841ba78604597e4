public import TransferIO

public enum TransferMode: String, Sendable, Codable {
    case copy
    case move
}

/// Knobs of one run. Defaults suit one NVMe or a few HDDs on a small host.
public struct TransferOptions: Sendable {
    public var mode: TransferMode
    public var verify = true
    public var overwrite = false
    /// Worker threads, each with its own ring and share of the buffer memory.
    public var jobs = 2
    /// Operations in flight per worker.
    public var queueDepth = 32
    public var chunkSize = 4 << 20
    /// All transfer buffers together; split evenly between workers.
    public var memoryBudget = 256 << 20
    public var io: IOBackendKind = .uring
    /// Files a worker keeps open at once (small files overlap; large files get all buffers).
    public var filesPerWorker = 8
    /// Move mode: commit each file but leave its source for the caller to remove once a whole
    /// group (a sector) is committed, so a failure never splits a sector across two stores.
    /// Renames are atomic per file and happen regardless.
    public var deferSourceRemoval = false
    /// Test seam: corrupt the staged destination of files whose name contains this string,
    /// after it was synced and before it is verified.
    public var corruptAfterSync: String?

    public init(mode: TransferMode) {
        self.mode = mode
    }

    /// Buffers per worker and their size, after clamping to what the budget allows.
    var slotsPerWorker: Int {
        max(2, memoryBudget / max(1, jobs) / chunkSize)
    }
}
