import Foundation

/// lotus `api.SectorInfo` as returned by `Filecoin.SectorsStatus [n, true]`, reduced to the fields the
/// import reads. Everything a daemon may send as `null` or leave out is optional, so a record that
/// cannot be imported decodes and is then skipped with damocles' reason instead of failing to parse.
public struct LotusSectorInfo: Decodable, Sendable, Equatable {
    public var sectorID: UInt64
    public var state: String
    public var commD: CIDLink?
    public var commR: CIDLink?
    public var proof: Base64Bytes?
    public var deals: [UInt64]?
    public var pieces: [LotusSectorPiece]?
    public var ticket: LotusRandomness?
    public var seed: LotusRandomness?
    public var preCommitMsg: CIDLink?
    public var commitMsg: CIDLink?
    public var replicaUpdateMessage: CIDLink?
    public var sealProof: Int64
    public var activation: Int64
    public var expiration: Int64

    enum CodingKeys: String, CodingKey {
        case sectorID = "SectorID", state = "State", commD = "CommD", commR = "CommR", proof = "Proof"
        case deals = "Deals", pieces = "Pieces", ticket = "Ticket", seed = "Seed"
        case preCommitMsg = "PreCommitMsg", commitMsg = "CommitMsg"
        case replicaUpdateMessage = "ReplicaUpdateMessage"
        case sealProof = "SealProof", activation = "Activation", expiration = "Expiration"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sectorID = try c.decode(UInt64.self, forKey: .sectorID)
        state = try c.decodeIfPresent(String.self, forKey: .state) ?? ""
        commD = try c.decodeIfPresent(CIDLink.self, forKey: .commD)
        commR = try c.decodeIfPresent(CIDLink.self, forKey: .commR)
        proof = try c.decodeIfPresent(Base64Bytes.self, forKey: .proof)
        deals = try c.decodeIfPresent([UInt64].self, forKey: .deals)
        pieces = try c.decodeIfPresent([LotusSectorPiece].self, forKey: .pieces)
        ticket = try c.decodeIfPresent(LotusRandomness.self, forKey: .ticket)
        seed = try c.decodeIfPresent(LotusRandomness.self, forKey: .seed)
        preCommitMsg = try c.decodeIfPresent(CIDLink.self, forKey: .preCommitMsg)
        commitMsg = try c.decodeIfPresent(CIDLink.self, forKey: .commitMsg)
        replicaUpdateMessage = try c.decodeIfPresent(CIDLink.self, forKey: .replicaUpdateMessage)
        sealProof = try c.decodeIfPresent(Int64.self, forKey: .sealProof) ?? 0
        activation = try c.decodeIfPresent(Int64.self, forKey: .activation) ?? 0
        expiration = try c.decodeIfPresent(Int64.self, forKey: .expiration) ?? 0
    }
}

/// `{"Value":"<base64>","Epoch":n}`; a sector without a ticket/seed yet has `"Value":null`.
public struct LotusRandomness: Decodable, Sendable, Equatable {
    public var value: Base64Bytes?
    public var epoch: Int64

    enum CodingKeys: String, CodingKey { case value = "Value", epoch = "Epoch" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decodeIfPresent(Base64Bytes.self, forKey: .value)
        epoch = try c.decodeIfPresent(Int64.self, forKey: .epoch) ?? 0
    }
}

public struct LotusSectorPiece: Decodable, Sendable, Equatable {
    public var piece: PieceInfo
    public var dealInfo: LotusPieceDealInfo?

    enum CodingKeys: String, CodingKey { case piece = "Piece", dealInfo = "DealInfo" }
}

/// `abi.PieceInfo`: padded size and piece CID.
public struct PieceInfo: Codable, Sendable, Equatable {
    public var size: UInt64
    public var pieceCID: CIDLink

    public init(size: UInt64, pieceCID: CIDLink) {
        self.size = size
        self.pieceCID = pieceCID
    }

    enum CodingKeys: String, CodingKey { case size = "Size", pieceCID = "PieceCID" }
}

/// lotus `PieceDealInfo`. Builtin-market deals carry `PublishCid`+`DealID`+`DealProposal`;
/// DDO pieces (lotus ≥ v1.26) carry `PieceActivationManifest` instead.
public struct LotusPieceDealInfo: Decodable, Sendable, Equatable {
    public var publishCid: CIDLink?
    public var dealID: UInt64
    public var dealProposal: LotusDealProposal?
    public var dealSchedule: DealSchedule?
    public var pieceActivationManifest: PieceActivationManifest?

    enum CodingKeys: String, CodingKey {
        case publishCid = "PublishCid", dealID = "DealID", dealProposal = "DealProposal"
        case dealSchedule = "DealSchedule", pieceActivationManifest = "PieceActivationManifest"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        publishCid = try c.decodeIfPresent(CIDLink.self, forKey: .publishCid)
        dealID = try c.decodeIfPresent(UInt64.self, forKey: .dealID) ?? 0
        dealProposal = try c.decodeIfPresent(LotusDealProposal.self, forKey: .dealProposal)
        dealSchedule = try c.decodeIfPresent(DealSchedule.self, forKey: .dealSchedule)
        pieceActivationManifest = try c.decodeIfPresent(PieceActivationManifest.self, forKey: .pieceActivationManifest)
    }
}

public struct DealSchedule: Decodable, Sendable, Equatable {
    public var startEpoch: Int64
    public var endEpoch: Int64
    enum CodingKeys: String, CodingKey { case startEpoch = "StartEpoch", endEpoch = "EndEpoch" }
}

/// The parts of the market v9 `DealProposal` that damocles' DealInfoV2 keeps.
public struct LotusDealProposal: Decodable, Sendable, Equatable {
    public var pieceCID: CIDLink?
    public var pieceSize: UInt64?
    public var client: String?
    public var provider: String?
    public var startEpoch: Int64?
    public var endEpoch: Int64?
    enum CodingKeys: String, CodingKey {
        case pieceCID = "PieceCID", pieceSize = "PieceSize", client = "Client", provider = "Provider"
        case startEpoch = "StartEpoch", endEpoch = "EndEpoch"
    }
}

public struct PieceActivationManifest: Decodable, Sendable, Equatable {
    public var cid: CIDLink?
    public var size: UInt64?
    public var verifiedAllocationKey: VerifiedAllocationKey?
    enum CodingKeys: String, CodingKey { case cid = "CID", size = "Size", verifiedAllocationKey = "VerifiedAllocationKey" }
}

public struct VerifiedAllocationKey: Decodable, Sendable, Equatable {
    public var client: UInt64
    public var id: UInt64
    enum CodingKeys: String, CodingKey { case client = "Client", id = "ID" }
}
