/// The four lotus `SectorInfo` message fields a damocles sector can fill.
public enum MessageField: String, Sendable, CaseIterable {
    case preCommit = "PreCommitMessage"
    case commit = "CommitMessage"
    case terminate = "TerminateMessage"
    case replicaUpdate = "ReplicaUpdateMessage"
}

/// What one damocles message field holds (messager.md §1).
public enum MessageReference: Hashable, Sendable {
    /// Already the CID the message has on chain (sectors damocles imported from lotus): written as is.
    case chain(CID)
    /// A venus-messager uid: `bafk4bzaci…` (raw, blake2b-512) for precommit, commit and terminate,
    /// `"<unsigned cid>-<n>"` for a snap. Only the messager can name its chain CID.
    case messagerID(String)

    /// `MessageInfo.PreCommitCid`, `CommitCid`, `TerminateInfo.TerminateCid`: text that is no CID at
    /// all fails the sector; any CID that is not a chain message CID is a messager uid.
    static func cidField(_ json: JSONCID, _ field: MessageField) throws(MappingError) -> MessageReference {
        let cid: CID
        do { cid = try CID(string: json.text) } catch { throw MappingError("\(field.rawValue): \(error.message)") }
        return cid.isChainMessage ? .chain(cid) : .messagerID(json.text)
    }

    /// `UpgradeMessageID`: a bare chain CID for lotus-imported sectors, any other text a messager uid
    /// (the `-<n>` suffix makes damocles' own ids unparseable as CIDs). Empty means none.
    static func upgradeID(_ text: String) -> MessageReference? {
        if text.isEmpty { return nil }
        if let cid = try? CID(string: text), cid.isChainMessage { return .chain(cid) }
        return .messagerID(text)
    }
}

extension DamoclesSectorState {
    /// Every message reference the export may write for this sector, by field. A field whose text
    /// is no CID is left out here; mapping the sector reports it.
    public var messageReferences: [(field: MessageField, reference: MessageReference)] {
        var out: [(MessageField, MessageReference)] = []
        let cids: [(MessageField, JSONCID?)] = [
            (.preCommit, self.MessageInfo?.PreCommitCid), (.commit, self.MessageInfo?.CommitCid), (.terminate, self.TerminateInfo?.TerminateCid),
        ]
        for case let (field, json?) in cids {
            if let reference = try? MessageReference.cidField(json, field) { out.append((field, reference)) }
        }
        if Upgraded == true, let reference = UpgradeMessageID.flatMap(MessageReference.upgradeID) {
            out.append((.replicaUpdate, reference))
        }
        return out
    }

    /// The messager uids among `messageReferences`: what `--messager-api` is asked about.
    public var messagerIDs: [String] {
        messageReferences.compactMap { if case .messagerID(let id) = $0.reference { id } else { nil } }
    }
}
