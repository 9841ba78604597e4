public import LotusMetadata

/// damocles `core.SectorState` (v0.10+ shape). Writing follows Go's field order and `omitempty`
/// rules exactly (rpc-schemas.md §2.2); reading accepts every older shape because each key is optional.
/// Separate from export's lenient reader (LotusMetadata) on purpose: this one holds Go zero values,
/// checked CIDs and opaque `Deals`/`LatestState` so a record re-encodes byte for byte.
public struct DamoclesSectorState: Sendable, Equatable {
    public var id: SectorID
    public var sectorType: Int64
    public var ticket: SealTicket?
    public var seed: SealSeed?
    /// Pre-v0.10 `Deals` (LegacyDealInfo); ferry only ever writes `null` and keeps what it reads opaque.
    public var legacyDeals: JSONValue = .null
    public var pieces: [SectorPieceV2]?
    public var pre: PreCommitInfo?
    public var proof: Base64Bytes?
    public var messageInfo = MessageInfo()
    public var terminateInfo = TerminateInfo()
    /// Last damocles-worker report; never set for imported sectors, kept opaque.
    public var latestState: JSONValue?
    public var finalized = false
    public var removed = false
    public var abortReason = ""
    public var upgraded = false
    public var upgradePublic: UpgradePublic?
    public var upgradedInfo: UpgradedInfo?
    public var upgradeMessageID: String?
    public var upgradeLandedEpoch: Int64?
    public var imported = false
    public var needRebuild = false
    public var unsealing = false

    public init(id: SectorID, sectorType: Int64) {
        self.id = id
        self.sectorType = sectorType
    }

    public var json: JSONValue {
        var m: [(String, JSONValue)] = [("ID", id.json), ("SectorType", .int(sectorType))]
        if let ticket { m.append(("Ticket", ticket.json)) }
        if let seed { m.append(("Seed", seed.json)) }
        m.append(("Deals", legacyDeals))
        m.append(("Pieces", .optional(pieces) { .array($0.map(\.json)) }))
        if let pre { m.append(("Pre", pre.json)) }
        if let proof { m.append(("Proof", .object([("Proof", proof.json)]))) }
        m.append(("MessageInfo", messageInfo.json))
        m.append(("TerminateInfo", terminateInfo.json))
        if let latestState { m.append(("LatestState", latestState)) }
        m += [
            ("Finalized", .bool(finalized)), ("Removed", .bool(removed)),
            ("AbortReason", .string(abortReason)), ("Upgraded", .bool(upgraded)),
            ("UpgradePublic", .optional(upgradePublic) { $0.json }),
            ("UpgradedInfo", .optional(upgradedInfo) { $0.json }),
            ("UpgradeMessageID", .optional(upgradeMessageID) { .string($0) }),
            ("UpgradeLandedEpoch", .optional(upgradeLandedEpoch) { .int($0) }),
            ("Imported", .bool(imported)), ("NeedRebuild", .bool(needRebuild)), ("Unsealing", .bool(unsealing)),
        ]
        return .object(m)
    }

    /// `s-t0<miner>-<number>`, damocles' `util.FormatSectorID`.
    public var displayID: String { id.display }
}

/// The sector ID type is shared with export's reader; only its Go-order writer lives here.
public typealias SectorID = DamoclesSectorID

extension DamoclesSectorID {
    public var json: JSONValue { .object([("Miner", .uint(miner)), ("Number", .uint(number))]) }
}

public struct SealTicket: Codable, Sendable, Equatable {
    public var ticket: Base64Bytes
    public var epoch: Int64
    enum CodingKeys: String, CodingKey { case ticket = "Ticket", epoch = "Epoch" }
    var json: JSONValue { .object([("Ticket", ticket.json), ("Epoch", .int(epoch))]) }
}

public struct SealSeed: Codable, Sendable, Equatable {
    public var seed: Base64Bytes
    public var epoch: Int64
    enum CodingKeys: String, CodingKey { case seed = "Seed", epoch = "Epoch" }
    var json: JSONValue { .object([("Seed", seed.json), ("Epoch", .int(epoch))]) }
}

public struct PreCommitInfo: Codable, Sendable, Equatable {
    public var commR: CIDLink
    public var commD: CIDLink
    public var ticket: SealTicket
    enum CodingKeys: String, CodingKey { case commR = "CommR", commD = "CommD", ticket = "Ticket" }
    var json: JSONValue { .object([("CommR", commR.json), ("CommD", commD.json), ("Ticket", ticket.json)]) }
}

public struct MessageInfo: Sendable, Equatable {
    public var preCommitCid: CIDLink?
    public var commitCid: CIDLink?
    public var needSend = false
    var json: JSONValue {
        .object([
            ("PreCommitCid", .optional(preCommitCid) { $0.json }),
            ("CommitCid", .optional(commitCid) { $0.json }),
            ("NeedSend", .bool(needSend)),
        ])
    }
}

public struct TerminateInfo: Sendable, Equatable {
    public var terminateCid: CIDLink?
    public var terminatedAt: Int64 = 0
    public var addedHeight: Int64 = 0
    var json: JSONValue {
        .object([
            ("TerminateCid", .optional(terminateCid) { $0.json }),
            ("TerminatedAt", .int(terminatedAt)), ("AddedHeight", .int(addedHeight)),
        ])
    }
}

/// The CC sector's on-chain facts before the snap; `CommR` is a Go `[32]byte`, i.e. 32 JSON numbers.
public struct UpgradePublic: Codable, Sendable, Equatable {
    public var commR: [UInt8]
    public var sealedCID: CIDLink
    public var activation: Int64
    public var expiration: Int64
    enum CodingKeys: String, CodingKey {
        case commR = "CommR", sealedCID = "SealedCID", activation = "Activation", expiration = "Expiration"
    }
    var json: JSONValue {
        .object([
            ("CommR", .array(commR.map { .uint(UInt64($0)) })), ("SealedCID", sealedCID.json),
            ("Activation", .int(activation)), ("Expiration", .int(expiration)),
        ])
    }
}

public struct UpgradedInfo: Sendable, Equatable {
    public var accessInstance = ""
    public var sealedCID: CIDLink?
    public var unsealedCID: CIDLink?
    public var proof: Base64Bytes?
    public init() {}
    var json: JSONValue {
        .object([
            ("AccessInstance", .string(accessInstance)),
            ("SealedCID", .optional(sealedCID) { $0.json }),
            ("UnsealedCID", .optional(unsealedCID) { $0.json }),
            ("Proof", .optional(proof) { $0.json }),
        ])
    }
}

/// v0.10+ piece: `{"Piece":…,"DealInfo":DealInfoV2|null}`.
public struct SectorPieceV2: Sendable, Equatable {
    public var piece: PieceInfo
    public var dealInfo: DealInfoV2?
    var json: JSONValue {
        .object([
            ("Piece", .object([("Size", .uint(piece.size)), ("PieceCID", piece.pieceCID.json)])),
            ("DealInfo", .optional(dealInfo) { $0.json }),
        ])
    }
}

/// venus `market.DealInfoV2` inlined, plus damocles' two flags. All keys are always written: an
/// object without them decodes in Go to a nil embedded pointer that damocles later dereferences.
public struct DealInfoV2: Sendable, Equatable {
    public var dealID: UInt64 = 0
    public var publishCid: CIDLink?
    public var allocationID: UInt64 = 0
    public var pieceCID: CIDLink
    public var pieceSize: UInt64
    public var client: String
    public var provider: String
    public var offset: UInt64 = 0
    public var length: UInt64 = 0
    public var payloadSize: UInt64 = 0
    public var startEpoch: Int64 = 0
    public var endEpoch: Int64 = 0
    public var isBuiltinMarket = false
    public var isCompatible = false

    public init(pieceCID: CIDLink, pieceSize: UInt64, client: String, provider: String) {
        self.pieceCID = pieceCID
        self.pieceSize = pieceSize
        self.client = client
        self.provider = provider
    }

    var json: JSONValue {
        .object([
            ("DealID", .uint(dealID)), ("PublishCid", .optional(publishCid) { $0.json }),
            ("AllocationID", .uint(allocationID)), ("PieceCID", pieceCID.json), ("PieceSize", .uint(pieceSize)),
            ("Client", .string(client)), ("Provider", .string(provider)), ("Offset", .uint(offset)),
            ("Length", .uint(length)), ("PayloadSize", .uint(payloadSize)),
            ("StartEpoch", .int(startEpoch)), ("EndEpoch", .int(endEpoch)),
            ("IsBuiltinMarket", .bool(isBuiltinMarket)), ("IsCompatible", .bool(isCompatible)),
        ])
    }
}
