public import LotusMetadata
public import SectorStore

extension LotusStorageMeta {
    /// lotus' MinerFilter: DenyMiners wins, then a non-empty AllowMiners must list the miner.
    /// Compared by actor id, so `f01000`, `t01000` and `1000` are one miner; an entry that is
    /// not an ID address can match no miner that ferry exports.
    public func exclusion(of miner: MinerID) -> PathExclusion? {
        let matches: (String) -> Bool = { MinerID(parsing: $0) == miner }
        if denyMiners.contains(where: matches) { return .minerDenied }
        if !allowMiners.isEmpty && !allowMiners.contains(where: matches) { return .minerNotAllowed }
        return nil
    }

    /// The first of `types` this path refuses (AllowTypes when non-empty, then DenyTypes).
    public func refusedType(among types: Set<String>) -> String? {
        types.sorted().first { type in (!allowTypes.isEmpty && !allowTypes.contains(type)) || denyTypes.contains(type) }
    }
}
