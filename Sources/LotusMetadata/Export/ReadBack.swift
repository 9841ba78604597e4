/// `ferry lotus sectors` / `ferry lotus numbers`: what lotus will see in a datastore.
public enum ReadBack {
    public struct SectorRecord: Sendable {
        public var key: String
        public var info: SectorInfo?
        /// Why lotus could not decode this record. One such record makes lotus' `ListSectors`
        /// fail, so no sector at all is restarted.
        public var error: String?
        /// Why the key itself is wrong although the value may decode: lotus keys each record by
        /// `fmt.Sprint(SectorNumber)`, so `/sectors/abc`, `/sectors/007` or a key that disagrees
        /// with the record's own SectorNumber is a stray lotus would load under another number.
        public var keyProblem: String?
    }

    public static func sectors(repo: LotusRepo) throws(DatastoreError) -> [SectorRecord] {
        let repoGuard = try RepoGuard(repo: repo)
        defer { repoGuard.release() }
        let store = try MetadataStore(guard: repoGuard)
        defer { store.close() }
        var records: [SectorRecord] = []
        for (key, value) in try store.scan(MetadataStore.Key.sectorsPrefix) {
            var record = SectorRecord(key: key)
            do {
                record.info = try SectorInfo(cborBytes: value)
            } catch {
                record.error = error.message
            }
            record.keyProblem = keyProblem(key, record.info)
            records.append(record)
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

    /// The number of a key lotus could have written, or nil.
    static func number(_ key: String) -> UInt64? {
        CanonicalDecimal.parse(key.utf8.dropFirst(MetadataStore.Key.sectorsPrefix.utf8.count))
    }

    static func keyProblem(_ key: String, _ info: SectorInfo?) -> String? {
        let text = key.dropFirst(MetadataStore.Key.sectorsPrefix.count)
        // Digits past 2^64-1 are a number lotus cannot hold, not a foreign key.
        let digitsOnly = !text.isEmpty && text.utf8.allSatisfy { (48...57).contains($0) } && (text.count == 1 || text.first != "0")
        guard digitsOnly else {
            return "not a sector number key (lotus writes /sectors/<decimal sector number>)"
        }
        guard let n = number(key), n <= SectorNumberLimit.max else {
            return "sector number \(text) is beyond lotus' largest sector number \(SectorNumberLimit.max) (abi.MaxSectorNumber)"
        }
        if let info, info.sectorNumber != n {
            return "the record says SectorNumber \(info.sectorNumber), but it is stored under sector \(n)"
        }
        return nil
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
        if ccUpdate {
            parts.append("upgraded UpdateSealed=\(updateSealed?.description ?? "null")")
            // lotus' `proving check` treats the sector as upgraded only when this is non-nil.
            parts.append("ReplicaUpdateMessage=\(replicaUpdateMessage?.description ?? "null")")
        }
        parts.append("PreCommitMessage=\(preCommitMessage?.description ?? "null")")
        parts.append("CommitMessage=\(commitMessage?.description ?? "null")")
        return parts.joined(separator: "\t")
    }
}
