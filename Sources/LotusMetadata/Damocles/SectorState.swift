/// damocles `core.SectorState` as JSON (rpc-schemas.md §2). Every field is optional because
/// the shape changed across damocles versions and Go's decoder leaves missing keys at zero.
/// Export needs what import's model (FerryRPC) discards: which keys were absent (a missing `Pre` is
/// an error, not a zero), CIDs and base64 as text so a bad one fails one sector by field name, and
/// legacy `Deals` typed; only `DamoclesSectorID` and the `{"/":…}` wire form are shared.
public struct DamoclesSectorState: Codable, Sendable {
    public struct Ticket: Codable, Sendable {
        public var Ticket: String?
        public var Epoch: Int64?
    }

    public struct Seed: Codable, Sendable {
        public var Seed: String?
        public var Epoch: Int64?
    }

    public struct LegacyDeal: Codable, Sendable {
        public struct Piece: Codable, Sendable {
            public var Size: UInt64?
            public var Offset: UInt64?
            public var Cid: JSONCID?
        }

        public var ID: UInt64?
        public var PayloadSize: UInt64?
        public var Piece: Piece?
        public var Proposal: JSONDealProposal?
        public var IsCompatible: Bool?
    }

    public struct PieceV2: Codable, Sendable {
        public struct Info: Codable, Sendable {
            public var Size: UInt64?
            public var PieceCID: JSONCID?
        }

        public var Piece: Info?
        public var DealInfo: DealInfoV2?
    }

    /// venus `market.DealInfoV2` (inlined) plus damocles' two flags.
    public struct DealInfoV2: Codable, Sendable {
        public var DealID: UInt64?
        public var PublishCid: JSONCID?
        public var AllocationID: UInt64?
        public var PieceCID: JSONCID?
        public var PieceSize: UInt64?
        public var Client: String?
        public var Provider: String?
        public var Offset: UInt64?
        public var Length: UInt64?
        public var PayloadSize: UInt64?
        public var StartEpoch: Int64?
        public var EndEpoch: Int64?
        public var IsBuiltinMarket: Bool?
        public var IsCompatible: Bool?
    }

    public struct PreCommit: Codable, Sendable {
        public var CommR: JSONCID?
        public var CommD: JSONCID?
        public var Ticket: Ticket?
    }

    public struct Proof: Codable, Sendable {
        public var Proof: String?
    }

    public struct MessageInfo: Codable, Sendable {
        public var PreCommitCid: JSONCID?
        public var CommitCid: JSONCID?
        public var NeedSend: Bool?
    }

    public struct TerminateInfo: Codable, Sendable {
        public var TerminateCid: JSONCID?
        public var TerminatedAt: Int64?
        public var AddedHeight: Int64?
    }

    public struct UpgradePublic: Codable, Sendable {
        public var CommR: [UInt8]?
        public var SealedCID: JSONCID?
        public var Activation: Int64?
        public var Expiration: Int64?
    }

    public struct UpgradedInfo: Codable, Sendable {
        public var AccessInstance: String?
        public var SealedCID: JSONCID?
        public var UnsealedCID: JSONCID?
        public var Proof: String?
    }

    public var ID: DamoclesSectorID
    public var SectorType: Int64?
    public var Ticket: Ticket?
    public var Seed: Seed?
    public var Deals: [LegacyDeal]?
    public var Pieces: [PieceV2]?
    public var Pre: PreCommit?
    public var Proof: Proof?
    public var MessageInfo: MessageInfo?
    public var TerminateInfo: TerminateInfo?
    public var Finalized: Bool?
    public var Removed: Bool?
    public var AbortReason: String?
    public var Upgraded: Bool?
    public var UpgradePublic: UpgradePublic?
    public var UpgradedInfo: UpgradedInfo?
    public var UpgradeMessageID: String?
    public var UpgradeLandedEpoch: Int64?
    public var Imported: Bool?
    public var NeedRebuild: Bool?
    public var Unsealing: Bool?
}

/// `{"/": "<cid text>"}`; kept as text so a bad CID fails the one sector, naming the field.
public struct JSONCID: Codable, Sendable, Equatable {
    public var text: String

    public init(_ text: String) { self.text = text }

    private enum CodingKeys: String, CodingKey { case text = "/" }
}

/// go-state-types v9 `market.DealProposal` JSON.
public struct JSONDealProposal: Codable, Sendable {
    public var PieceCID: JSONCID?
    public var PieceSize: UInt64?
    public var VerifiedDeal: Bool?
    public var Client: String?
    public var Provider: String?
    public var Label: String?
    public var StartEpoch: Int64?
    public var EndEpoch: Int64?
    public var StoragePricePerEpoch: String?
    public var ProviderCollateral: String?
    public var ClientCollateral: String?
}
