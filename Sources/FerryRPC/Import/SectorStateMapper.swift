/// lotus `api.SectorInfo` → damocles `core.SectorState`, as damocles' `util sealer sectors import`
/// intends it, with two corrections: a sector whose `ReplicaUpdateMessage` is set counts as
/// snap-upgraded even after lotus moved it back to `Proving`, and deal pieces are mapped by their
/// real kind (damocles HEAD inverts the builtin-market/DDO branch and panics on any deal).
public struct SectorStateMapper: Sendable {
    public let miner: UInt64

    /// Finished sealing, not upgraded (unless a replica update message shows otherwise).
    public static let plainStates: Set<String> = ["FinalizeSector", "Proving"]
    /// Snap-deal states damocles accepts and imports as upgraded.
    public static let upgradedStates: Set<String> = ["FinalizeReplicaUpdate", "UpdateActivating", "ReleaseSectorKey"]

    public init(miner: UInt64) { self.miner = miner }

    /// The damocles state for `info`, or why there is none: `.skipped` for what damocles itself
    /// refuses, `.invalid` for values no lotus sector can have (the record is corrupt).
    public func map(_ info: LotusSectorInfo) throws(MappingError) -> DamoclesSectorState {
        // damocles' checks first: a sector it would skip stays skipped whatever else it holds.
        var state: DamoclesSectorState
        do { state = try mapChecked(info) } catch { throw .skipped(error) }
        do { state.pieces = try mapPieces(info.pieces ?? []) } catch { throw .invalid(error) }
        return state
    }

    /// Everything but the pieces.
    private func mapChecked(_ info: LotusSectorInfo) throws(SkipReason) -> DamoclesSectorState {
        let upgraded: Bool
        if Self.plainStates.contains(info.state) {
            upgraded = info.replicaUpdateMessage != nil
        } else if Self.upgradedStates.contains(info.state) {
            upgraded = true
        } else {
            throw .unexpectedState(info.state)
        }
        guard let commD = info.commD else { throw .noCommD }
        guard let commR = info.commR else { throw .noCommR }
        let commRBytes: [UInt8]
        do { commRBytes = try commR.cid.replicaCommitment(text: commR.string) } catch { throw .badCommR(error.description) }
        guard let proof = info.proof, !proof.bytes.isEmpty else { throw .noProof }
        guard let ticketInfo = info.ticket, let ticketValue = ticketInfo.value, !ticketValue.bytes.isEmpty else { throw .noTicket }
        guard let seedInfo = info.seed, let seedValue = seedInfo.value, !seedValue.bytes.isEmpty else { throw .noSeed }

        let ticket = SealTicket(ticket: ticketValue, epoch: ticketInfo.epoch)
        var state = DamoclesSectorState(id: SectorID(miner: miner, number: info.sectorID), sectorType: info.sealProof)
        state.ticket = ticket
        state.seed = SealSeed(seed: seedValue, epoch: seedInfo.epoch)
        state.pre = PreCommitInfo(commR: commR, commD: commD, ticket: ticket)
        state.proof = proof
        state.messageInfo.preCommitCid = info.preCommitMsg
        state.messageInfo.commitCid = info.commitMsg
        state.finalized = true
        state.imported = true
        state.upgraded = upgraded
        if upgraded {
            // lotus only exposes the sector-key CommR; the new sealed/unsealed CIDs stay unknown and the
            // zero UpgradedInfo is the marker damocles' rebuild looks for on imported sectors.
            state.upgradePublic = UpgradePublic(commR: commRBytes, sealedCID: commR,
                                                activation: info.activation, expiration: info.expiration)
            state.upgradedInfo = UpgradedInfo()
            state.upgradeMessageID = info.replicaUpdateMessage?.string
            state.upgradeLandedEpoch = 0
        }
        return state
    }

    /// Only pieces with deal info are kept (damocles records no filler padding); each piece's offset
    /// is the sum of the padded sizes before it, fillers included, which is how lotus lays them out.
    /// Sizes come from the daemon unchecked: a sum past 2^64 trapped here (issue 11 item 4), so it is
    /// added with overflow reporting and refused; no real sector (≤ 64 GiB) comes anywhere near.
    func mapPieces(_ pieces: [LotusSectorPiece]) throws(InvalidSectorValue) -> [SectorPieceV2] {
        var result: [SectorPieceV2] = []
        var offset: UInt64 = 0
        for (index, piece) in pieces.enumerated() {
            if let deal = piece.dealInfo {
                result.append(SectorPieceV2(piece: piece.piece, dealInfo: dealInfo(deal, piece: piece.piece, offset: offset)))
            }
            let (next, overflow) = offset.addingReportingOverflow(piece.piece.size)
            if overflow {
                throw InvalidSectorValue(field: "Pieces[\(index)].Piece.Size", value: "\(piece.piece.size)",
                                         problem: "the piece sizes up to this one add up to more than 2^64-1 bytes")
            }
            offset = next
        }
        return result
    }

    private func dealInfo(_ deal: LotusPieceDealInfo, piece: PieceInfo, offset: UInt64) -> DealInfoV2 {
        let minerAddress = "f0\(miner)"
        let builtinMarket = deal.publishCid != nil
        var info: DealInfoV2
        if builtinMarket {
            let proposal = deal.dealProposal
            info = DealInfoV2(
                pieceCID: piece.pieceCID, pieceSize: piece.size,
                client: proposal?.client.map(ActorAddress.mainnetForm) ?? "<empty>",
                provider: proposal?.provider.map(ActorAddress.mainnetForm) ?? minerAddress
            )
            info.startEpoch = deal.dealSchedule?.startEpoch ?? proposal?.startEpoch ?? 0
            info.endEpoch = deal.dealSchedule?.endEpoch ?? proposal?.endEpoch ?? 0
        } else {
            let key = deal.pieceActivationManifest?.verifiedAllocationKey
            info = DealInfoV2(
                pieceCID: piece.pieceCID, pieceSize: piece.size,
                client: key.map { "f0\($0.client)" } ?? "<empty>",
                provider: minerAddress
            )
            info.allocationID = key?.id ?? 0
            info.startEpoch = deal.dealSchedule?.startEpoch ?? 0
            info.endEpoch = deal.dealSchedule?.endEpoch ?? 0
        }
        info.dealID = deal.dealID
        info.publishCid = deal.publishCid
        info.offset = offset
        info.length = piece.size
        // PayloadSize (the CAR size) is market data lotus' SectorInfo does not carry; 0 means unknown.
        info.payloadSize = 0
        info.isBuiltinMarket = builtinMarket
        info.isCompatible = deal.dealID != 0
        return info
    }
}
