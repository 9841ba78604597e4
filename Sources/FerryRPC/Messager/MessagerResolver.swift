public import LotusMetadata

/// Asks venus-messager about every uid an export needs, once per uid, a few at a time.
public struct MessagerResolver: Sendable {
    public let api: MessagerAPI
    /// Calls in flight; a miner's ids number in the thousands (one per batch), each a small reply.
    public var concurrency = 8

    public init(api: MessagerAPI) { self.api = api }

    /// The status of each distinct uid. The first error ends the lookups (the rest are cancelled).
    public func resolve(_ uids: some Sequence<String>) async throws(MessagerError) -> MessageLookup {
        var pending = Set(uids).sorted()[...]
        var statuses: [String: MessageStatus] = [:]
        let outcome: MessagerError? = await withTaskGroup(of: (String, Result<MessageStatus, MessagerError>).self) { group in
            func next() {
                guard let uid = pending.popFirst() else { return }
                group.addTask { (uid, await status(uid)) }
            }
            for _ in 0..<max(1, concurrency) { next() }
            while let (uid, result) = await group.next() {
                switch result {
                case .success(let status):
                    statuses[uid] = status
                    next()
                case .failure(let error):
                    group.cancelAll()
                    return error
                }
            }
            return nil
        }
        if let outcome { throw outcome }
        return MessageLookup(statuses: statuses, resolving: true)
    }

    func status(_ uid: String) async -> Result<MessageStatus, MessagerError> {
        let message: MessagerMessage
        do {
            message = try await api.message(uid: uid)
        } catch {
            return Self.classify(error, uid: uid)
        }
        do {
            return .success(try Self.status(of: message, uid: uid))
        } catch {
            return .failure(error)
        }
    }

    /// OnChainMsg and NonceConflictMsg count as landed, as damocles counts them; their `SignedCid`
    /// must be a chain message CID, or the reply is not what a messager sends.
    static func status(of message: MessagerMessage, uid: String) throws(MessagerError) -> MessageStatus {
        if let id = message.id, id != uid { throw .badReply(uid: uid, detail: "it is about message \(id)") }
        let landed = message.state == MessagerState.onChain || message.state == MessagerState.nonceConflict
        guard landed, let signed = message.signedCid else {
            let state = MessagerState.name(message.state) + (landed ? " without SignedCid" : "")
            return .notLanded(state: state)
        }
        guard signed.cid.isChainMessage else {
            throw .badReply(uid: uid, detail: "SignedCid \(signed) is not a chain message CID (dag-cbor, blake2b-256)")
        }
        return .landed(signed.cid, nonceConflict: message.state == MessagerState.nonceConflict)
    }

    /// An unknown uid is an answer (the field stays null); anything else stops the export.
    static func classify(_ error: RPCError, uid: String) -> Result<MessageStatus, MessagerError> {
        switch error {
        case .unauthorized(let url): return .failure(.tokenRefused(url: url))
        case let .server(_, _, message) where message.contains("record not found"): return .success(.unknown)
        case let .server(_, _, message) where message.contains("permission deny") || message.contains("missing permission"):
            return .failure(.permissionDenied(uid: uid, message: message))
        case let .unexpectedResult(_, detail): return .failure(.badReply(uid: uid, detail: detail))
        default: return .failure(.call(uid: uid, error))
        }
    }
}
