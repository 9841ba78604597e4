public import LotusMetadata

extension DamoclesSectorState {
    /// Fills `UpgradedInfo.SealedCID` of a snapped sector from its update cache's p_aux, so a later
    /// export (ferry's or damocles') writes a complete lotus record. Only `SealedCID`: the new CommD
    /// is in neither lotus' API nor the cache, and an empty `Proof` keeps the marker damocles'
    /// rebuild looks for on imported sectors. damocles' proving check compares this CID with the
    /// chain's SealedCID, so a wrong update cache shows up there.
    mutating func recoverUpdateSealed(_ updateCache: UpdateCacheCommR) throws(UpdateCacheCommR.Failure) {
        let commR = try updateCache.commR(for: id)
        var info = upgradedInfo ?? UpgradedInfo()
        // The text is go-cid's own rendering of a well-formed CID, which CIDLink accepts.
        info.sealedCID = try? CIDLink(commR.description)
        upgradedInfo = info
    }
}
