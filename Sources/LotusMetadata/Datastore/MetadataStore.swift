public import KVStore

/// lotus-miner's `datastore/metadata`: raw LevelDB keys are the datastore key strings.
public final class MetadataStore {
    public enum Key {
        public static let sectorsPrefix = "/sectors/"
        public static let nextID = "/storage/nextid"
        public static let allocated = "/storage/sectorsids/allocated"
        public static let reserved = "/storage/sectorsids/reserved"
        public static let reservationPrefix = "/storage/sectorsids/reserved/"
        public static let minerAddress = "/miner-address"

        public static func sector(_ number: UInt64) -> String { sectorsPrefix + String(number) }
    }

    public let db: KVDatabase

    /// Opens the datastore of a repo whose locks `guard` holds. Never creates a database: a
    /// wrong path must fail, not grow an empty LevelDB (damocles' `./~` trap).
    public init(guard repoGuard: RepoGuard) throws(DatastoreError) {
        var options = KVOptions()
        options.createIfMissing = false
        options.compression = false
        do {
            db = try KVDatabase(path: repoGuard.repo.metadataPath, options: options)
        } catch {
            switch error.kind {
            case .locked: throw .lotusRunning(error.message)
            case .notFound: throw .notARepo("\(repoGuard.repo.metadataPath): \(error.message)")
            default: throw .unreadable("\(repoGuard.repo.metadataPath): not a readable LevelDB datastore: \(error.message)")
            }
        }
    }

    deinit { db.close() }

    public func close() { db.close() }

    public func get(_ key: String) throws(DatastoreError) -> [UInt8]? {
        do { return try db.get(Array(key.utf8)) } catch { throw .unreadable("read \(key): \(error.message)") }
    }

    public func scan(_ prefix: String) throws(DatastoreError) -> [(key: String, value: [UInt8])] {
        do {
            return try db.scan(prefix: Array(prefix.utf8)).map { (String(decoding: $0.key, as: UTF8.self), $0.value) }
        } catch {
            throw .unreadable("scan \(prefix): \(error.message)")
        }
    }

    /// Synced and atomic, as lotus' own writes are (NoSync=false).
    public func write(_ batch: KVWriteBatch) throws(DatastoreError) {
        do { try db.write(batch, sync: true) } catch { throw .io("write: \(error.message)") }
    }

    public func minerAddress() throws(DatastoreError) -> Address? {
        try get(Key.minerAddress).map(Address.init(bytes:))
    }

    /// Refuses when the repo's recorded miner differs from `miner`. Repos without the key pass.
    public func checkMiner(_ miner: Address) throws(DatastoreError) {
        guard let stored = try minerAddress() else { return }
        guard stored == miner else { throw .minerMismatch(expected: miner.description, found: stored.description) }
    }
}
