public import TransferHash

/// One state change of one file, as the journal stores it.
public struct Transition: Sendable {
    public var item: TransferItem
    public var state: FileState
    public var method: TransferMethod?
    public var digest: Digest128?
    public var failure: String?

    /// Built only by `FileRow.record`, which checks the transition against the commit protocol.
    init(item: TransferItem, state: FileState, method: TransferMethod? = nil, digest: Digest128? = nil, failure: String? = nil) {
        self.item = item
        self.state = state
        self.method = method
        self.digest = digest
        self.failure = failure
    }
}

/// Where transitions go. Writes are asynchronous and batched; a caller that is about to do
/// something irreversible waits until its ticket is durable.
public protocol TransitionLog: AnyObject, Sendable {
    /// Queues a transition; returns a ticket that becomes durable in order.
    @discardableResult func record(_ transition: Transition) -> UInt64
    func isDurable(_ ticket: UInt64) -> Bool
    /// Blocks until at least one more batch is durable (or returns at once if nothing waits).
    func waitForDurability()
    /// Blocks until everything recorded so far is durable; throws if the journal failed.
    func flush() throws
    /// Why the journal stopped accepting writes (disk full, I/O error), if it did. Nothing
    /// irreversible may happen after that.
    var failureReason: String? { get }
}

/// For runs without a journal (tests of the engine alone): every transition is durable at once.
public final class EphemeralLog: TransitionLog {
    public init() {}
    public func record(_ transition: Transition) -> UInt64 { 0 }
    public func isDurable(_ ticket: UInt64) -> Bool { true }
    public func waitForDurability() {}
    public func flush() throws {}
    public var failureReason: String? { nil }
}
