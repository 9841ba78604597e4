extension SectorMapping {
    /// The snap's outputs: new CommR (`UpdateSealed`), new CommD (`UpdateUnsealed`), its proof, and
    /// the CC piece the sector held before. damocles-snapped sectors carry them in `UpgradedInfo`;
    /// sectors damocles imported from lotus after a snap carry a zero `UpgradedInfo`, and their new
    /// CommR can only come from the update cache on disk (`--store`).
    static func upgrade(_ s: DamoclesSectorState, _ info: inout SectorInfo, _ updateCache: UpdateCacheCommR?,
                        _ notes: inout [String]) throws(MappingError) {
        info.ccUpdate = true
        let upgraded = s.UpgradedInfo
        if let sealed = upgraded?.SealedCID {
            let updateSealed = try cid(sealed, "UpgradedInfo.SealedCID")
            guard updateSealed.isCommR else { throw MappingError("UpgradedInfo.SealedCID \(updateSealed) is not a sealed commitment CID") }
            try crossCheck(updateSealed, s.ID, updateCache)
            info.updateSealed = updateSealed
        } else {
            info.updateSealed = try recovered(s.ID, updateCache)
            notes.append("UpdateSealed \(info.updateSealed!) recovered from update-cache/\(s.ID.display)/p_aux (damocles kept no new CommR)")
        }
        if let unsealed = upgraded?.UnsealedCID {
            let updateUnsealed = try cid(unsealed, "UpgradedInfo.UnsealedCID")
            guard updateUnsealed.isCommD else { throw MappingError("UpgradedInfo.UnsealedCID \(updateUnsealed) is not an unsealed commitment CID") }
            info.updateUnsealed = updateUnsealed
        } else {
            // lotus reads UpdateUnsealed only while a snap is in progress (ReplicaUpdate* states).
            notes.append("UpdateUnsealed left null: damocles kept no new CommD (lotus needs it only while a snap is in progress)")
        }
        info.replicaUpdateProof = try base64(upgraded?.Proof, "UpgradedInfo.Proof") ?? []
        // Before the snap the sector was CC: one filler piece over the whole sector (CommD).
        info.ccPieces = [SectorPiece(piece: PieceInfo(size: try sectorSize(info.sectorType), pieceCID: info.commD!), dealInfo: nil)]
    }

    private static func recovered(_ id: DamoclesSectorID, _ updateCache: UpdateCacheCommR?) throws(MappingError) -> CID {
        guard let updateCache else {
            throw MappingError("snap-upgraded sector without its new CommR (UpgradedInfo.SealedCID is null: imported from lotus?); pass --store with the store holding update-cache/\(id.display)/p_aux to recover it")
        }
        do {
            return try updateCache.commR(for: id)
        } catch {
            throw MappingError("cannot recover the new CommR: \(error)")
        }
    }

    /// With `--store`, an update cache on disk whose p_aux gives another CommR than damocles
    /// recorded belongs to another sector or replica: lotus would fail to prove with it.
    private static func crossCheck(_ recorded: CID, _ id: DamoclesSectorID, _ updateCache: UpdateCacheCommR?) throws(MappingError) {
        guard let updateCache else { return }
        let onDisk: CID
        do {
            onDisk = try updateCache.commR(for: id)
        } catch {
            if case .missing = error { return }
            throw MappingError("cannot check the new CommR against the update cache: \(error)")
        }
        guard onDisk == recorded else {
            throw MappingError("update-cache/\(id.display)/p_aux gives CommR \(onDisk), but damocles recorded UpgradedInfo.SealedCID \(recorded): the update cache belongs to another sector or replica")
        }
    }
}
