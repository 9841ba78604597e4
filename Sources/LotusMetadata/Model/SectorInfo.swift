/// lotus' `sealing.SectorInfo` (storage/pipeline/types.go, lotus ≥ 1.26): the record stored at
/// `/sectors/<n>` in the miner's metadata datastore. Defaults are Go's zero values.
public struct SectorInfo: Equatable, Sendable {
    public var state = ""
    public var sectorNumber: UInt64 = 0
    public var sectorType: Int64 = 0
    public var creationTime: Int64 = 0
    public var pieces: [SectorPiece] = []
    public var ticketValue: [UInt8] = []
    public var ticketEpoch: Int64 = 0
    public var preCommit1Out: [UInt8] = []
    public var preCommit1Fails: UInt64 = 0
    public var commD: CID?
    public var commR: CID?
    public var proof: [UInt8] = []
    public var preCommitDeposit = TokenAmount.zero
    public var preCommitMessage: CID?
    /// `types.TipSetKey`: the concatenated CID bytes.
    public var preCommitTipSet: [UInt8] = []
    public var preCommit2Fails: UInt64 = 0
    public var seedValue: [UInt8] = []
    public var seedEpoch: Int64 = 0
    public var commitMessage: CID?
    public var invalidProofs: UInt64 = 0
    public var ccUpdate = false
    public var ccPieces: [SectorPiece] = []
    public var updateSealed: CID?
    public var updateUnsealed: CID?
    public var replicaUpdateProof: [UInt8] = []
    public var replicaUpdateMessage: CID?
    public var faultReportMsg: CID?
    public var returnState = ""
    public var terminateMessage: CID?
    public var terminatedAt: Int64 = 0
    public var remoteDataUnsealed: SectorLocation?
    public var remoteDataSealed: SectorLocation?
    public var remoteDataCache: SectorLocation?
    public var remoteCommit1Endpoint = ""
    public var remoteCommit2Endpoint = ""
    public var remoteSealingDoneEndpoint = ""
    public var remoteDataFinalized = false
    public var lastErr = ""
    public var log: [SectorLog] = []

    public init() {}
}

public struct SectorPiece: Equatable, Sendable {
    public var piece: PieceInfo
    /// nil for filler (CC) pieces, as lotus writes them.
    public var dealInfo: PieceDealInfo?

    public init(piece: PieceInfo, dealInfo: PieceDealInfo?) {
        self.piece = piece
        self.dealInfo = dealInfo
    }
}

/// `abi.PieceInfo`, a CBOR tuple.
public struct PieceInfo: Equatable, Sendable {
    public var size: UInt64  // padded
    public var pieceCID: CID

    public init(size: UInt64, pieceCID: CID) {
        self.size = size
        self.pieceCID = pieceCID
    }
}

/// `piece.PieceDealInfo`: builtin-market deals carry PublishCid (+DealProposal), DDO pieces an
/// activation manifest.
public struct PieceDealInfo: Equatable, Sendable {
    public var dealID: UInt64 = 0
    public var publishCid: CID?
    public var dealProposal: DealProposal?
    public var dealSchedule = DealSchedule()
    public var keepUnsealed = false
    public var pieceActivationManifest: PieceActivationManifest?

    public init() {}
}

public struct DealSchedule: Equatable, Sendable {
    public var startEpoch: Int64 = 0
    public var endEpoch: Int64 = 0

    public init(startEpoch: Int64 = 0, endEpoch: Int64 = 0) {
        self.startEpoch = startEpoch
        self.endEpoch = endEpoch
    }
}

/// go-state-types v9 `market.DealProposal`, a CBOR tuple of 11.
public struct DealProposal: Equatable, Sendable {
    public enum Label: Equatable, Sendable {
        case string(String)
        case bytes([UInt8])
    }

    public var pieceCID: CID
    public var pieceSize: UInt64
    public var verifiedDeal: Bool
    public var client: Address
    public var provider: Address
    public var label: Label
    public var startEpoch: Int64
    public var endEpoch: Int64
    public var storagePricePerEpoch: TokenAmount
    public var providerCollateral: TokenAmount
    public var clientCollateral: TokenAmount

    public init(
        pieceCID: CID, pieceSize: UInt64, verifiedDeal: Bool, client: Address, provider: Address, label: Label,
        startEpoch: Int64, endEpoch: Int64, storagePricePerEpoch: TokenAmount, providerCollateral: TokenAmount,
        clientCollateral: TokenAmount
    ) {
        self.pieceCID = pieceCID
        self.pieceSize = pieceSize
        self.verifiedDeal = verifiedDeal
        self.client = client
        self.provider = provider
        self.label = label
        self.startEpoch = startEpoch
        self.endEpoch = endEpoch
        self.storagePricePerEpoch = storagePricePerEpoch
        self.providerCollateral = providerCollateral
        self.clientCollateral = clientCollateral
    }
}

/// go-state-types v13 `miner.PieceActivationManifest`, a CBOR tuple of 4.
public struct PieceActivationManifest: Equatable, Sendable {
    public var cid: CID
    public var size: UInt64
    public var verifiedAllocationKey: VerifiedAllocationKey?
    public var notify: [DataActivationNotification] = []

    public init(cid: CID, size: UInt64, verifiedAllocationKey: VerifiedAllocationKey?, notify: [DataActivationNotification] = []) {
        self.cid = cid
        self.size = size
        self.verifiedAllocationKey = verifiedAllocationKey
        self.notify = notify
    }
}

public struct VerifiedAllocationKey: Equatable, Sendable {
    public var client: UInt64  // actor id
    public var id: UInt64

    public init(client: UInt64, id: UInt64) {
        self.client = client
        self.id = id
    }
}

public struct DataActivationNotification: Equatable, Sendable {
    public var address: Address
    public var payload: [UInt8]

    public init(address: Address, payload: [UInt8]) {
        self.address = address
        self.payload = payload
    }
}

/// `storiface.SectorLocation`.
public struct SectorLocation: Equatable, Sendable {
    public struct Header: Equatable, Sendable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public var url = ""
    public var local = false
    public var headers: [Header] = []

    public init(url: String = "", local: Bool = false, headers: [Header] = []) {
        self.url = url
        self.local = local
        self.headers = headers
    }
}

/// `sealing.Log`.
public struct SectorLog: Equatable, Sendable {
    public var kind = ""
    public var timestamp: UInt64 = 0
    public var trace = ""
    public var message = ""

    public init(kind: String = "", timestamp: UInt64 = 0, trace: String = "", message: String = "") {
        self.kind = kind
        self.timestamp = timestamp
        self.trace = trace
        self.message = message
    }
}
