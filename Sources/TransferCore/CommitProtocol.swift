public import TransferHash

/// What can happen to one file, as the journal records it. The payload is what the row then
/// holds besides its state (method, digest, failure).
public enum FileEvent: Sendable {
    /// This run will transfer the file (again): every unfinished or stale row restarts here.
    case planned
    /// The staging file is open: `.copy` streams, `.reflink` cloned.
    case copyStarted(TransferMethod)
    case synced(TransferMethod)
    /// The staging file read back from the device with this digest, the source's.
    case verified(TransferMethod, Digest128)
    /// The destination already held identical content (method `alreadyPresent`).
    case foundIdentical(Digest128)
    /// The file is in place under its name and durable.
    case committed(TransferMethod, Digest128)
    /// A move on one file system: the rename was the whole transfer.
    case renamed
    /// Resume: an earlier run renamed the file but was killed before it could record that.
    case renameFound
    /// The source of a committed move was deleted (or found already gone).
    case sourceRemoved(TransferMethod?, Digest128?)
    /// The file failed; the source is still in place.
    case failed(TransferMethod?, String)

    /// The event without its payload: what the transition table is written over.
    public enum Kind: String, Sendable, CaseIterable {
        case planned, copyStarted, synced, verified, foundIdentical, committed, renamed, renameFound, sourceRemoved, failed
    }

    public var kind: Kind {
        switch self {
        case .planned: .planned
        case .copyStarted: .copyStarted
        case .synced: .synced
        case .verified: .verified
        case .foundIdentical: .foundIdentical
        case .committed: .committed
        case .renamed: .renamed
        case .renameFound: .renameFound
        case .sourceRemoved: .sourceRemoved
        case .failed: .failed
        }
    }
}

extension FileState {
    /// The commit protocol: the states each event may follow (nil: the journal has no row for
    /// the file yet) and the state it records. Every other pair is a programming error.
    public static func rule(_ event: FileEvent.Kind) -> (from: Set<FileState?>, to: FileState) {
        switch event {
        case .planned: (from: Set(allCases.map(Optional.some) + [nil]), to: .planned)
        case .copyStarted: (from: [.planned], to: .copying)
        case .synced: (from: [.copying], to: .synced)
        case .verified: (from: [.synced], to: .verified)
        // No copy: the bytes already at the destination were hashed against the source's.
        case .foundIdentical: (from: [.planned], to: .verified)
        // From synced: --no-verify commits what it wrote without reading it back.
        case .committed: (from: [.synced, .verified], to: .committed)
        case .renamed: (from: [.planned], to: .sourceRemoved)
        // The row of a killed run stops anywhere before commit, or says failed (a later run).
        case .renameFound: (from: [.planned, .copying, .synced, .verified, .failed], to: .sourceRemoved)
        // The source goes only after `committed` is durable.
        case .sourceRemoved: (from: [.committed], to: .sourceRemoved)
        // A removed source cannot fail: the file's work is over.
        case .failed: (from: [.planned, .copying, .synced, .verified, .committed], to: .failed)
        }
    }

    /// The state `event` leads to from `state`, or nil when the protocol forbids it.
    public static func after(_ state: FileState?, _ event: FileEvent.Kind) -> FileState? {
        let rule = rule(event)
        return rule.from.contains(state) ? rule.to : nil
    }

    /// What a row in this state still owes, for a run of `operation`: the one grouping that
    /// `status`, `report` and the journal's own checks use.
    public func progress(_ operation: TransferMode) -> FileProgress {
        switch self {
        case .planned: .remaining
        case .copying, .synced, .verified: .inFlight
        // A move's commit is not its end: the source still has to go.
        case .committed: operation == .copy ? .done : .inFlight
        case .sourceRemoved: .done
        case .failed: .failed
        }
    }
}

/// Where a file stands in its run (the names are those `ferry status --json` prints).
public enum FileProgress: String, Sendable, CaseIterable {
    case done
    /// Between two steps: a kill happened there, or the run is still at it.
    case inFlight = "in_flight"
    case remaining
    case failed
}

/// One file's journal row as this process writes it: the state it last recorded, and the only
/// way to record the next one. An illegal transition traps (a bug must not write a state the
/// resume logic would trust, such as a source removal before a commit).
struct FileRow {
    let item: TransferItem
    private(set) var state: FileState?

    init(_ item: TransferItem, state: FileState?) {
        self.item = item
        self.state = state
    }

    @discardableResult
    mutating func record(_ event: FileEvent, in log: TransitionLog) -> UInt64 {
        guard let next = FileState.after(state, event.kind) else {
            preconditionFailure("illegal journal transition of \(item.source): \(state.map(\.rawValue) ?? "no row") + \(event.kind)")
        }
        state = next
        return log.record(Transition(item: item, state: next, method: event.method, digest: event.digest, failure: event.failure))
    }
}

extension FileEvent {
    var method: TransferMethod? {
        switch self {
        case .planned: nil
        case .copyStarted(let method), .synced(let method), .verified(let method, _), .committed(let method, _): method
        case .foundIdentical: .alreadyPresent
        case .renamed, .renameFound: .rename
        case .sourceRemoved(let method, _), .failed(let method, _): method
        }
    }

    var digest: Digest128? {
        switch self {
        case .verified(_, let digest), .foundIdentical(let digest), .committed(_, let digest): digest
        case .sourceRemoved(_, let digest): digest
        case .planned, .copyStarted, .synced, .renamed, .renameFound, .failed: nil
        }
    }

    var failure: String? {
        if case .failed(_, let reason) = self { return reason }
        return nil
    }
}
