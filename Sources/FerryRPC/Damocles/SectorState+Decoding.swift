import Foundation

// Decoding is tolerant the way Go's is for these records: missing keys take zero values, `null`
// and absent are the same, unknown keys are ignored. That reads every shape from v0.3 to HEAD.

extension DamoclesSectorState: Decodable {
    enum CodingKeys: String, CodingKey {
        case id = "ID", sectorType = "SectorType", ticket = "Ticket", seed = "Seed", deals = "Deals"
        case pieces = "Pieces", pre = "Pre", proof = "Proof", messageInfo = "MessageInfo"
        case terminateInfo = "TerminateInfo", latestState = "LatestState", finalized = "Finalized"
        case removed = "Removed", abortReason = "AbortReason", upgraded = "Upgraded"
        case upgradePublic = "UpgradePublic", upgradedInfo = "UpgradedInfo"
        case upgradeMessageID = "UpgradeMessageID", upgradeLandedEpoch = "UpgradeLandedEpoch"
        case imported = "Imported", needRebuild = "NeedRebuild", unsealing = "Unsealing"
    }

    private struct ProofWire: Decodable {
        let proof: Base64Bytes?
        enum CodingKeys: String, CodingKey { case proof = "Proof" }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(SectorID.self, forKey: .id) ?? SectorID(miner: 0, number: 0),
            sectorType: try c.decodeIfPresent(Int64.self, forKey: .sectorType) ?? 0
        )
        ticket = try c.decodeIfPresent(SealTicket.self, forKey: .ticket)
        seed = try c.decodeIfPresent(SealSeed.self, forKey: .seed)
        legacyDeals = try c.decodeIfPresent(JSONValue.self, forKey: .deals) ?? .null
        pieces = try c.decodeIfPresent([SectorPieceV2].self, forKey: .pieces)
        pre = try c.decodeIfPresent(PreCommitInfo.self, forKey: .pre)
        proof = try c.decodeIfPresent(ProofWire.self, forKey: .proof)?.proof
        messageInfo = try c.decodeIfPresent(MessageInfo.self, forKey: .messageInfo) ?? MessageInfo()
        terminateInfo = try c.decodeIfPresent(TerminateInfo.self, forKey: .terminateInfo) ?? TerminateInfo()
        latestState = try c.decodeIfPresent(JSONValue.self, forKey: .latestState)
        finalized = try c.decodeIfPresent(Bool.self, forKey: .finalized) ?? false
        removed = try c.decodeIfPresent(Bool.self, forKey: .removed) ?? false
        abortReason = try c.decodeIfPresent(String.self, forKey: .abortReason) ?? ""
        upgraded = try c.decodeIfPresent(Bool.self, forKey: .upgraded) ?? false
        upgradePublic = try c.decodeIfPresent(UpgradePublic.self, forKey: .upgradePublic)
        upgradedInfo = try c.decodeIfPresent(UpgradedInfo.self, forKey: .upgradedInfo)
        upgradeMessageID = try c.decodeIfPresent(String.self, forKey: .upgradeMessageID)
        upgradeLandedEpoch = try c.decodeIfPresent(Int64.self, forKey: .upgradeLandedEpoch)
        imported = try c.decodeIfPresent(Bool.self, forKey: .imported) ?? false
        needRebuild = try c.decodeIfPresent(Bool.self, forKey: .needRebuild) ?? false
        unsealing = try c.decodeIfPresent(Bool.self, forKey: .unsealing) ?? false
    }
}

extension MessageInfo: Decodable {
    enum CodingKeys: String, CodingKey { case preCommitCid = "PreCommitCid", commitCid = "CommitCid", needSend = "NeedSend" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preCommitCid = try c.decodeIfPresent(CIDLink.self, forKey: .preCommitCid)
        commitCid = try c.decodeIfPresent(CIDLink.self, forKey: .commitCid)
        needSend = try c.decodeIfPresent(Bool.self, forKey: .needSend) ?? false
    }
}

extension TerminateInfo: Decodable {
    enum CodingKeys: String, CodingKey { case terminateCid = "TerminateCid", terminatedAt = "TerminatedAt", addedHeight = "AddedHeight" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        terminateCid = try c.decodeIfPresent(CIDLink.self, forKey: .terminateCid)
        terminatedAt = try c.decodeIfPresent(Int64.self, forKey: .terminatedAt) ?? 0
        addedHeight = try c.decodeIfPresent(Int64.self, forKey: .addedHeight) ?? 0
    }
}

extension UpgradedInfo: Decodable {
    enum CodingKeys: String, CodingKey { case accessInstance = "AccessInstance", sealedCID = "SealedCID", unsealedCID = "UnsealedCID", proof = "Proof" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accessInstance = try c.decodeIfPresent(String.self, forKey: .accessInstance) ?? ""
        sealedCID = try c.decodeIfPresent(CIDLink.self, forKey: .sealedCID)
        unsealedCID = try c.decodeIfPresent(CIDLink.self, forKey: .unsealedCID)
        proof = try c.decodeIfPresent(Base64Bytes.self, forKey: .proof)
    }
}

extension SectorPieceV2: Decodable {
    enum CodingKeys: String, CodingKey { case piece = "Piece", dealInfo = "DealInfo" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        piece = try c.decode(PieceInfo.self, forKey: .piece)
        dealInfo = try c.decodeIfPresent(DealInfoV2.self, forKey: .dealInfo)
    }
}

extension DealInfoV2: Decodable {
    enum CodingKeys: String, CodingKey {
        case dealID = "DealID", publishCid = "PublishCid", allocationID = "AllocationID", pieceCID = "PieceCID"
        case pieceSize = "PieceSize", client = "Client", provider = "Provider", offset = "Offset", length = "Length"
        case payloadSize = "PayloadSize", startEpoch = "StartEpoch", endEpoch = "EndEpoch"
        case isBuiltinMarket = "IsBuiltinMarket", isCompatible = "IsCompatible"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pieceCID: try c.decode(CIDLink.self, forKey: .pieceCID),
            pieceSize: try c.decodeIfPresent(UInt64.self, forKey: .pieceSize) ?? 0,
            client: try c.decodeIfPresent(String.self, forKey: .client) ?? "<empty>",
            provider: try c.decodeIfPresent(String.self, forKey: .provider) ?? "<empty>"
        )
        dealID = try c.decodeIfPresent(UInt64.self, forKey: .dealID) ?? 0
        publishCid = try c.decodeIfPresent(CIDLink.self, forKey: .publishCid)
        allocationID = try c.decodeIfPresent(UInt64.self, forKey: .allocationID) ?? 0
        offset = try c.decodeIfPresent(UInt64.self, forKey: .offset) ?? 0
        length = try c.decodeIfPresent(UInt64.self, forKey: .length) ?? 0
        payloadSize = try c.decodeIfPresent(UInt64.self, forKey: .payloadSize) ?? 0
        startEpoch = try c.decodeIfPresent(Int64.self, forKey: .startEpoch) ?? 0
        endEpoch = try c.decodeIfPresent(Int64.self, forKey: .endEpoch) ?? 0
        isBuiltinMarket = try c.decodeIfPresent(Bool.self, forKey: .isBuiltinMarket) ?? false
        isCompatible = try c.decodeIfPresent(Bool.self, forKey: .isCompatible) ?? false
    }
}

/// Opaque JSON read back. Decodable does not expose the document's key order, so object keys are
/// sorted to make equality deterministic; ferry never writes such values back to a daemon.
extension JSONValue: Decodable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [(String, JSONValue)] = []
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                members.append((key.stringValue, try keyed.decode(JSONValue.self, forKey: key)))
            }
            self = .object(members)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let n = try? single.decode(Int64.self) { self = .int(n) }
        else if let n = try? single.decode(UInt64.self) { self = .uint(n) }
        else if let s = try? single.decode(String.self) { self = .string(s) }
        else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "unsupported JSON value (fractional numbers are not used in these records)")
        }
    }
}
