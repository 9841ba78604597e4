import Foundation

/// Converts one finalized damocles sector into lotus' `SectorInfo`, without damocles' export bugs:
/// filler pieces get `DealInfo = nil`, DDO pieces carry the real allocation client, and a messager
/// id is written only as the chain CID venus-messager names for it (null otherwise). The one
/// placeholder is damocles' own, in a snapped sector's `ReplicaUpdateMessage`, where lotus needs a
/// non-nil value to treat the sector as upgraded (messager.md §5).
public struct SectorMapping: Sendable {
    public let info: SectorInfo
    /// Things the user should know that did not stop the export (e.g. a message CID left null).
    public let notes: [String]
    /// How each message field damocles filled was written.
    public let messages: MessageTally
}

/// What a mapping may consult besides the state itself.
public struct MappingContext: Sendable {
    /// venus-messager's answers for the sectors' uids (`--messager-api`).
    public var messages: MessageLookup
    /// Update caches to recover a snapped sector's new CommR from (`--store`).
    public var updateCache: UpdateCacheCommR?

    public init(messages: MessageLookup = .none, updateCache: UpdateCacheCommR? = nil) {
        self.messages = messages
        self.updateCache = updateCache
    }
}

public struct MappingError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension SectorMapping {
    /// Why a sector is not exported at all, or nil when it should be.
    public static func skipReason(_ s: DamoclesSectorState) -> String? {
        if s.NeedRebuild == true { return "needs rebuild" }
        if s.Removed == true { return "removed" }
        if let reason = s.AbortReason, !reason.isEmpty { return "aborted: \(reason)" }
        if s.Finalized != true { return "not finalized" }
        return nil
    }

    public init(_ s: DamoclesSectorState, context: MappingContext = MappingContext()) throws(MappingError) {
        var notes: [String] = []
        var info = try Self.sealing(s)
        info.pieces = try Self.pieces(s, commD: info.commD!, notes: &notes)
        var messages = MessageSink(resolver: MessageResolver(lookup: context.messages))
        try messages.fill(&info, from: s)
        if s.Upgraded == true {
            try Self.upgrade(s, &info, context.updateCache, &notes)
            info.replicaUpdateMessage = messages.resolve(s.UpgradeMessageID.flatMap(MessageReference.upgradeID), .replicaUpdate)
        }
        self.init(info: info, notes: notes + messages.notes, messages: messages.tally)
    }

    /// Everything sealing fixed: type, ticket, seed, commitments and proof. The state is always
    /// `Proving`, as damocles writes it: these sectors finished sealing.
    static func sealing(_ s: DamoclesSectorState) throws(MappingError) -> SectorInfo {
        var info = SectorInfo()
        info.state = "Proving"
        info.sectorNumber = s.ID.number
        guard let sectorType = s.SectorType else { throw MappingError("missing field SectorType") }
        info.sectorType = sectorType

        guard let ticket = s.Ticket else { throw MappingError("missing field Ticket") }
        info.ticketValue = try Self.randomness(ticket.Ticket, "Ticket.Ticket")
        info.ticketEpoch = ticket.Epoch ?? 0
        guard let seed = s.Seed else { throw MappingError("missing field Seed") }
        info.seedValue = try Self.randomness(seed.Seed, "Seed.Seed")
        info.seedEpoch = seed.Epoch ?? 0

        guard let pre = s.Pre else { throw MappingError("missing field Pre") }
        let commD = try Self.cid(pre.CommD, "Pre.CommD")
        let commR = try Self.cid(pre.CommR, "Pre.CommR")
        guard commD.isCommD else { throw MappingError("Pre.CommD \(commD) is not an unsealed commitment CID") }
        guard commR.isCommR else { throw MappingError("Pre.CommR \(commR) is not a sealed commitment CID") }
        info.commD = commD
        info.commR = commR

        guard let proof = try Self.base64(s.Proof?.Proof, "Proof.Proof"), !proof.isEmpty else {
            throw MappingError("missing field Proof")
        }
        info.proof = proof
        if let terminate = s.TerminateInfo { info.terminatedAt = terminate.TerminatedAt ?? 0 }
        return info
    }

    // MARK: pieces

    static func pieces(_ s: DamoclesSectorState, commD: CID, notes: inout [String]) throws(MappingError) -> [SectorPiece] {
        if let pieces = s.Pieces, !pieces.isEmpty {
            var out: [SectorPiece] = []
            for (i, p) in pieces.enumerated() { out.append(try piece(p, "Pieces[\(i)]", &notes)) }
            return out
        }
        if let deals = s.Deals, !deals.isEmpty {
            var out: [SectorPiece] = []
            for (i, d) in deals.enumerated() { out.append(try legacyPiece(d, "Deals[\(i)]", &notes)) }
            return out
        }
        // CC sector: lotus records one filler piece spanning the sector; its CID is the CommD.
        return [SectorPiece(piece: PieceInfo(size: try sectorSize(s.SectorType ?? -1), pieceCID: commD), dealInfo: nil)]
    }

    static func piece(_ p: DamoclesSectorState.PieceV2, _ field: String, _ notes: inout [String]) throws(MappingError) -> SectorPiece {
        guard let size = p.Piece?.Size else { throw MappingError("missing field \(field).Piece.Size") }
        let pieceCID = try cid(p.Piece?.PieceCID, "\(field).Piece.PieceCID")
        let info = PieceInfo(size: size, pieceCID: pieceCID)
        guard let deal = p.DealInfo, (deal.DealID ?? 0) != 0 || (deal.AllocationID ?? 0) != 0 || deal.IsBuiltinMarket == true else {
            return SectorPiece(piece: info, dealInfo: nil)  // filler
        }
        var dealInfo = PieceDealInfo()
        dealInfo.dealSchedule = DealSchedule(startEpoch: deal.StartEpoch ?? 0, endEpoch: deal.EndEpoch ?? 0)
        if deal.IsBuiltinMarket == true || (deal.DealID ?? 0) != 0 {
            dealInfo.dealID = deal.DealID ?? 0
            if let publish = deal.PublishCid {
                let cid = try cid(publish, "\(field).DealInfo.PublishCid")
                guard cid.isChainMessage else { throw MappingError("\(field).DealInfo.PublishCid \(cid) is not a chain message CID") }
                dealInfo.publishCid = cid
            } else {
                notes.append("\(field): builtin-market deal \(dealInfo.dealID) has no PublishCid; lotus will treat its DealInfo as invalid")
            }
            // damocles ≥ 0.10 does not keep the full proposal; lotus' DealProposal stays null.
        } else {
            var key: VerifiedAllocationKey?
            if let allocation = deal.AllocationID, allocation != 0 {
                guard let client = deal.Client, let id = try? Address(idString: client, allowBare: false).actorID else {
                    throw MappingError("\(field).DealInfo.Client \(deal.Client ?? "null") is not an ID address; the allocation key needs the client actor id")
                }
                key = VerifiedAllocationKey(client: id, id: allocation)
            }
            let manifestCID = try deal.PieceCID.map { c throws(MappingError) in try cid(c, "\(field).DealInfo.PieceCID") } ?? pieceCID
            dealInfo.pieceActivationManifest = PieceActivationManifest(
                cid: manifestCID, size: deal.PieceSize ?? size, verifiedAllocationKey: key, notify: [])
        }
        return SectorPiece(piece: info, dealInfo: dealInfo)
    }

    static func legacyPiece(_ d: DamoclesSectorState.LegacyDeal, _ field: String, _ notes: inout [String]) throws(MappingError) -> SectorPiece {
        guard let size = d.Piece?.Size else { throw MappingError("missing field \(field).Piece.Size") }
        let info = PieceInfo(size: size, pieceCID: try cid(d.Piece?.Cid, "\(field).Piece.Cid"))
        guard let dealID = d.ID, dealID != 0 else { return SectorPiece(piece: info, dealInfo: nil) }
        var dealInfo = PieceDealInfo()
        dealInfo.dealID = dealID
        if let proposal = d.Proposal {
            let converted = try dealProposal(proposal, "\(field).Proposal")
            dealInfo.dealProposal = converted
            dealInfo.dealSchedule = DealSchedule(startEpoch: converted.startEpoch, endEpoch: converted.endEpoch)
        }
        notes.append("\(field): deal \(dealID) from a damocles ≤ 0.9 record has no PublishCid; lotus will treat its DealInfo as invalid")
        return SectorPiece(piece: info, dealInfo: dealInfo)
    }

    static func dealProposal(_ p: JSONDealProposal, _ field: String) throws(MappingError) -> DealProposal {
        func address(_ text: String?, _ name: String) throws(MappingError) -> Address {
            guard let text, let a = try? Address(idString: text, allowBare: false) else {
                throw MappingError("\(field).\(name) \(text ?? "null") is not an ID address")
            }
            return a
        }
        func amount(_ text: String?, _ name: String) throws(MappingError) -> TokenAmount {
            guard let text, let a = try? TokenAmount(decimal: text) else {
                throw MappingError("\(field).\(name) \(text ?? "null") is not a decimal amount")
            }
            return a
        }
        guard let size = p.PieceSize else { throw MappingError("missing field \(field).PieceSize") }
        return DealProposal(
            pieceCID: try cid(p.PieceCID, "\(field).PieceCID"), pieceSize: size, verifiedDeal: p.VerifiedDeal ?? false,
            client: try address(p.Client, "Client"), provider: try address(p.Provider, "Provider"),
            label: .string(p.Label ?? ""), startEpoch: p.StartEpoch ?? 0, endEpoch: p.EndEpoch ?? 0,
            storagePricePerEpoch: try amount(p.StoragePricePerEpoch, "StoragePricePerEpoch"),
            providerCollateral: try amount(p.ProviderCollateral, "ProviderCollateral"),
            clientCollateral: try amount(p.ClientCollateral, "ClientCollateral"))
    }

    // MARK: scalars

    static func cid(_ json: JSONCID?, _ field: String) throws(MappingError) -> CID {
        guard let json else { throw MappingError("missing field \(field)") }
        do {
            return try CID(string: json.text)
        } catch {
            throw MappingError("\(field): \(error.message)")
        }
    }

    static func base64(_ text: String?, _ field: String) throws(MappingError) -> [UInt8]? {
        guard let text else { return nil }
        guard let data = Data(base64Encoded: text) else { throw MappingError("\(field) is not valid base64") }
        return Array(data)
    }

    static func randomness(_ text: String?, _ field: String) throws(MappingError) -> [UInt8] {
        guard let bytes = try base64(text, field) else { throw MappingError("missing field \(field)") }
        guard bytes.count == 32 else { throw MappingError("\(field) has \(bytes.count) bytes, lotus requires 32") }
        return bytes
    }

    /// Padded sector size for a RegisteredSealProof (ids 0–19, five sizes each).
    static func sectorSize(_ proof: Int64) throws(MappingError) -> UInt64 {
        guard (0...19).contains(proof) else { throw MappingError("unknown SectorType \(proof)") }
        return [2 << 10, 8 << 20, 512 << 20, 32 << 30, 64 << 30][Int(proof % 5)]
    }
}
