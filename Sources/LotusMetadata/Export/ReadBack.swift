/// `ferry lotus sectors` / `ferry lotus numbers`: what lotus will see in a datastore.
public enum ReadBack {
    public struct SectorRecord: Sendable {
        public var key: String
        public var info: SectorInfo?
        /// Why lotus could not decode this record. One such record makes lotus' `ListSectors`
        /// fail, so no sector at all is restarted.
        public var error: String?
    }

    public static func sectors(repo: LotusRepo) throws(DatastoreError) -> [SectorRecord] {
        let repoGuard = try RepoGuard(repo: repo)
        defer { repoGuard.release() }
        let store = try MetadataStore(guard: repoGuard)
        defer { store.close() }
        var records: [SectorRecord] = []
        for (key, value) in try store.scan(MetadataStore.Key.sectorsPrefix) {
            do {
                records.append(SectorRecord(key: key, info: try SectorInfo(cborBytes: value)))
            } catch {
                records.append(SectorRecord(key: key, error: error.message))
            }
        }
        // LevelDB orders keys bytewise ("/sectors/10" < "/sectors/9"); show them numerically.
        return records.sorted { (number($0.key) ?? .max, $0.key) < (number($1.key) ?? .max, $1.key) }
    }

    public static func numbers(repo: LotusRepo) throws(DatastoreError) -> SectorNumbers {
        let repoGuard = try RepoGuard(repo: repo)
        defer { repoGuard.release() }
        let store = try MetadataStore(guard: repoGuard)
        defer { store.close() }
        return try store.sectorNumbers()
    }

    static func number(_ key: String) -> UInt64? {
        UInt64(key.dropFirst(MetadataStore.Key.sectorsPrefix.count))
    }
}

extension SectorInfo {
    /// One line per sector for `ferry lotus sectors`.
    public var summaryLine: String {
        let deals = pieces.filter { $0.dealInfo != nil }.count
        var parts = [
            "\(sectorNumber)", state, "type=\(sectorType)", "pieces=\(pieces.count)", "deals=\(deals)",
            "CommR=\(commR?.description ?? "null")",
        ]
        if ccUpdate { parts.append("upgraded UpdateSealed=\(updateSealed?.description ?? "null")") }
        parts.append("PreCommitMessage=\(preCommitMessage?.description ?? "null")")
        parts.append("CommitMessage=\(commitMessage?.description ?? "null")")
        return parts.joined(separator: "\t")
    }
}
