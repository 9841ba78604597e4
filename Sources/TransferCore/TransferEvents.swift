public import TransferHash
import Synchronization

/// The end of one file's transfer, as reported to the CLI.
public struct FileResult: Sendable {
    public var item: TransferItem
    public var method: TransferMethod?
    public var digest: Digest128?
    public var seconds: Double
    /// Set when the file failed; the source is then always still in place.
    public var failure: String?
    /// True when this run did nothing because an earlier run had finished the file.
    public var resumed = false

    public var succeeded: Bool { failure == nil }

    public init(item: TransferItem, method: TransferMethod?, digest: Digest128?, seconds: Double, failure: String?, resumed: Bool = false) {
        self.item = item
        self.method = method
        self.digest = digest
        self.seconds = seconds
        self.failure = failure
        self.resumed = resumed
    }
}

public enum TransferEvent: Sendable {
    case fileStarted(TransferItem, TransferMethod)
    case fileFinished(FileResult)
    /// Something the user should know that is not a file's result (fallbacks, cleanup).
    case notice(String)
}

/// Byte and file counters updated by the workers and read by the progress display.
public final class TransferCounters: Sendable {
    let bytesCopied = Atomic<Int64>(0)
    let bytesVerified = Atomic<Int64>(0)
    let filesDone = Atomic<Int>(0)
    let filesFailed = Atomic<Int>(0)

    public init() {}

    public struct Snapshot: Sendable {
        public var bytesCopied: Int64
        public var bytesVerified: Int64
        public var filesDone: Int
        public var filesFailed: Int
    }

    public func snapshot() -> Snapshot {
        Snapshot(bytesCopied: bytesCopied.load(ordering: .relaxed), bytesVerified: bytesVerified.load(ordering: .relaxed),
                 filesDone: filesDone.load(ordering: .relaxed), filesFailed: filesFailed.load(ordering: .relaxed))
    }
}
