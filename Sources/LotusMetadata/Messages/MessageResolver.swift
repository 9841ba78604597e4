/// Fills one lotus message field from one damocles reference and a `MessageLookup`, saying why
/// whenever the value is not a CID the messager or damocles vouched for.
struct MessageResolver {
    /// damocles' fallback when a uid cannot be resolved: CIDv0 of sha256("undef") (messager.md §2).
    /// lotus reads a non-nil `ReplicaUpdateMessage` as "upgraded" (`proving check` then looks at
    /// update/ and update-cache/), so a snapped sector keeps it; the other fields stay null.
    static let placeholder = try! CID(string: "QmSGwDTT9CSKi1yXveLvqZAgyCCx9maA7qVwjy6WsYxQdN")

    enum Outcome: Equatable { case asIs, resolved, nulled, placeholder }

    struct Result {
        var cid: CID?
        var outcome: Outcome?
        var note: String?
    }

    let lookup: MessageLookup

    /// `reference` nil means damocles holds nothing for the field; only a snapped sector's
    /// `ReplicaUpdateMessage` is filled then (with the placeholder).
    func resolve(_ reference: MessageReference?, _ field: MessageField) -> Result {
        switch reference {
        case nil:
            guard field == .replicaUpdate else { return Result() }
            return fallback(field, "damocles holds no UpgradeMessageID")
        case .chain(let cid)?:
            return Result(cid: cid, outcome: .asIs)
        case .messagerID(let id)?:
            return resolve(id, field)
        }
    }

    private func resolve(_ id: String, _ field: MessageField) -> Result {
        guard lookup.resolving else {
            return fallback(field, "\(id) is a venus-messager id (pass --messager-api to resolve it)")
        }
        switch lookup.statuses[id] {
        case .landed(let cid, let conflict)?:
            let note = conflict
                ? "\(field.rawValue) \(cid): venus-messager reports a nonce conflict for \(id) (NonceConflictMsg); the message that landed in its place may have another CID"
                : nil
            return Result(cid: cid, outcome: .resolved, note: note)
        case .notLanded(let state)?:
            return fallback(field, "venus-messager message \(id) has not landed (state \(state))")
        case .unknown?:
            return fallback(field, "venus-messager has no message \(id) (record not found)")
        case nil:
            return fallback(field, "\(id) was not looked up in venus-messager")
        }
    }

    private func fallback(_ field: MessageField, _ reason: String) -> Result {
        if field == .replicaUpdate {
            return Result(cid: Self.placeholder, outcome: .placeholder,
                          note: "ReplicaUpdateMessage set to damocles' placeholder \(Self.placeholder) so lotus still sees the sector as upgraded: \(reason)")
        }
        return Result(cid: nil, outcome: .nulled, note: "\(field.rawValue) left null: \(reason)")
    }
}
