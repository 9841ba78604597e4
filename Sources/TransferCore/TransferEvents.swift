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
    /// The file failed for lack of space on its destination (ENOSPC or the --min-free guard).
    /// lead: engine wiring
    public var noSpace = false

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
    /// Bytes re-read to compare a destination that was already there (both sides count).
    let bytesCompared = Atomic<Int64>(0)
    /// Bytes of files that finished without streaming: renamed, or finished by an earlier run.
    let bytesSettled = Atomic<Int64>(0)
    let filesDone = Atomic<Int>(0)
    let filesFailed = Atomic<Int>(0)

    public init() {}

    public struct Snapshot: Sendable, Equatable {
        public var bytesCopied: Int64 = 0
        public var bytesVerified: Int64 = 0
        public var bytesCompared: Int64 = 0
        public var bytesSettled: Int64 = 0
        public var filesDone = 0
        public var filesFailed = 0

        public init() {}
    }

    public func snapshot() -> Snapshot {
        var snapshot = Snapshot()
        snapshot.bytesCopied = bytesCopied.load(ordering: .relaxed)
        snapshot.bytesVerified = bytesVerified.load(ordering: .relaxed)
        snapshot.bytesCompared = bytesCompared.load(ordering: .relaxed)
        snapshot.bytesSettled = bytesSettled.load(ordering: .relaxed)
        snapshot.filesDone = filesDone.load(ordering: .relaxed)
        snapshot.filesFailed = filesFailed.load(ordering: .relaxed)
        return snapshot
    }

    /// A file an earlier run finished counts as done work, so a resumed run's bar starts there.
    func settled(_ item: TransferItem) {
        bytesSettled.add(item.size, ordering: .relaxed)
        filesDone.add(1, ordering: .relaxed)
    }
}
