/// What venus-messager answered about one uid (messager.md §3), reduced to what the export needs.
public enum MessageStatus: Sendable, Equatable {
    /// OnChainMsg or NonceConflictMsg, with its `SignedCid`: what lotus itself stores for a message
    /// it sent (the BLS case included). For a nonce conflict that CID names the message the messager
    /// signed, which another message with the same nonce replaced on chain (messager.md §3.3).
    case landed(CID, nonceConflict: Bool)
    /// Any other state, or a landed one without `SignedCid`: `state` names it, e.g. "FillMsg (2)".
    case notLanded(state: String)
    /// The messager has no such uid (`record not found`).
    case unknown
}

/// The answers for every uid an export needs, asked once per uid: sectors of one batch or
/// aggregate share their precommit and commit uids.
public struct MessageLookup: Sendable {
    /// By uid. Empty when no messager was given (`resolving` false).
    public var statuses: [String: MessageStatus]
    /// Whether a messager was asked at all; without one every uid stays unresolved.
    public var resolving: Bool

    public init(statuses: [String: MessageStatus] = [:], resolving: Bool = false) {
        self.statuses = statuses
        self.resolving = resolving
    }

    public static let none = MessageLookup()
}
