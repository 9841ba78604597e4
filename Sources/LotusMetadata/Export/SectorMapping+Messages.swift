/// How the message fields of the sectors an export wrote were filled, for the report.
public struct MessageTally: Sendable, Encodable, Equatable {
    /// Chain CIDs damocles already held (sectors it imported from lotus).
    public var asIs = 0
    /// Messager uids venus-messager resolved to the chain CID of a landed message.
    public var resolved = 0
    /// Fields left null: no messager given, unknown uid, or a message that has not landed.
    public var nulled = 0
    /// Snapped sectors' `ReplicaUpdateMessage` set to damocles' placeholder.
    public var placeholders = 0

    private enum CodingKeys: String, CodingKey { case asIs = "as_is", resolved, nulled, placeholders }

    public init() {}

    public static func += (a: inout MessageTally, b: MessageTally) {
        a.asIs += b.asIs
        a.resolved += b.resolved
        a.nulled += b.nulled
        a.placeholders += b.placeholders
    }

    mutating func count(_ outcome: MessageResolver.Outcome?) {
        switch outcome {
        case .asIs?: asIs += 1
        case .resolved?: resolved += 1
        case .nulled?: nulled += 1
        case .placeholder?: placeholders += 1
        case nil: break
        }
    }
}

/// Collects the resolved message fields of one sector with their notes and tally.
struct MessageSink {
    let resolver: MessageResolver
    var notes: [String] = []
    var tally = MessageTally()

    /// PreCommitMessage, CommitMessage and TerminateMessage, each from its own damocles field
    /// (damocles guards PreCommit with `CommitCid != nil`, a bug since its first version).
    mutating func fill(_ info: inout SectorInfo, from s: DamoclesSectorState) throws(MappingError) {
        info.preCommitMessage = resolve(try s.MessageInfo?.PreCommitCid.map { j throws(MappingError) in try .cidField(j, .preCommit) }, .preCommit)
        info.commitMessage = resolve(try s.MessageInfo?.CommitCid.map { j throws(MappingError) in try .cidField(j, .commit) }, .commit)
        info.terminateMessage = resolve(try s.TerminateInfo?.TerminateCid.map { j throws(MappingError) in try .cidField(j, .terminate) }, .terminate)
    }

    mutating func resolve(_ reference: MessageReference?, _ field: MessageField) -> CID? {
        let result = resolver.resolve(reference, field)
        tally.count(result.outcome)
        if let note = result.note { notes.append(note) }
        return result.cid
    }
}
