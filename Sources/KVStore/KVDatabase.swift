import CLevelDB
import Glibc

/// A LevelDB database. Safe for concurrent use: LevelDB itself is thread-safe, and a
/// reader/writer lock keeps `close()` from freeing the handle under an in-flight call.
public final class KVDatabase: @unchecked Sendable {
    private var handle: OpaquePointer?
    private let options: OpaquePointer
    private let readOptions: OpaquePointer
    private let syncWrite: OpaquePointer
    private let asyncWrite: OpaquePointer
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    public let path: String

    public init(path: String, options kvOptions: KVOptions = KVOptions()) throws(KVError) {
        // LevelDB creates the directory, LOCK and LOG before it notices CURRENT is missing; when we
        // must not create, refuse up front so a wrong path is left exactly as it was.
        if !kvOptions.createIfMissing, access(path + "/CURRENT", F_OK) != 0 {
            throw KVError(
                kind: .notFound, message: "Invalid argument: \(path)/CURRENT: does not exist (create_if_missing is false)")
        }
        let options = leveldb_options_create()!
        leveldb_options_set_create_if_missing(options, kvOptions.createIfMissing ? 1 : 0)
        leveldb_options_set_error_if_exists(options, kvOptions.errorIfExists ? 1 : 0)
        leveldb_options_set_paranoid_checks(options, kvOptions.paranoidChecks ? 1 : 0)
        leveldb_options_set_compression(
            options, Int32(kvOptions.compression ? leveldb_snappy_compression : leveldb_no_compression))
        let handle: OpaquePointer?
        do {
            handle = try checked { err in leveldb_open(options, path, err) }
        } catch {
            leveldb_options_destroy(options)
            throw error
        }
        self.handle = handle
        self.options = options
        self.path = path
        readOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_verify_checksums(readOptions, 1)
        syncWrite = leveldb_writeoptions_create()
        leveldb_writeoptions_set_sync(syncWrite, 1)
        asyncWrite = leveldb_writeoptions_create()
        leveldb_writeoptions_set_sync(asyncWrite, 0)
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        close()
        leveldb_writeoptions_destroy(asyncWrite)
        leveldb_writeoptions_destroy(syncWrite)
        leveldb_readoptions_destroy(readOptions)
        leveldb_options_destroy(options)
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Releases the database (and its LOCK file). Idempotent; later calls on this object throw.
    public func close() {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if let handle {
            leveldb_close(handle)
            self.handle = nil
        }
    }

    /// `nil` when the key is missing; an empty array when the stored value is empty.
    public func get(_ key: [UInt8]) throws(KVError) -> [UInt8]? {
        try withHandle { db throws(KVError) in
            try withCBytes(key) { k, kLen throws(KVError) in
                var length = 0
                let value = try checked { err in
                    leveldb_get(db, readOptions, k, kLen, &length, err)
                }
                // LevelDB returns a non-NULL pointer even for an empty value; NULL means missing.
                guard let value else { return nil }
                defer { leveldb_free(value) }
                return bytes(value, count: length)
            }
        }
    }

    public func put(_ key: [UInt8], _ value: [UInt8], sync: Bool) throws(KVError) {
        var batch = KVWriteBatch()
        batch.put(key, value)
        try write(batch, sync: sync)
    }

    public func delete(_ key: [UInt8], sync: Bool) throws(KVError) {
        var batch = KVWriteBatch()
        batch.delete(key)
        try write(batch, sync: sync)
    }

    /// Applies every operation of `batch` atomically (all or none, also across a crash).
    public func write(_ batch: KVWriteBatch, sync: Bool) throws(KVError) {
        try withHandle { db throws(KVError) in
            let cBatch = leveldb_writebatch_create()
            defer { leveldb_writebatch_destroy(cBatch) }
            for operation in batch.operations {
                switch operation {
                case .put(let key, let value):
                    withCBytes(key) { k, kLen in
                        withCBytes(value) { v, vLen in leveldb_writebatch_put(cBatch, k, kLen, v, vLen) }
                    }
                case .delete(let key):
                    withCBytes(key) { k, kLen in leveldb_writebatch_delete(cBatch, k, kLen) }
                }
            }
            try checked { err in leveldb_write(db, sync ? syncWrite : asyncWrite, cBatch, err) }
        }
    }

    /// Every entry whose key starts with `prefix`, in LevelDB's bytewise key order.
    public func scan(prefix: [UInt8]) throws(KVError) -> [(key: [UInt8], value: [UInt8])] {
        try withHandle { db throws(KVError) in
            let iterator = leveldb_create_iterator(db, readOptions)
            defer { leveldb_iter_destroy(iterator) }
            withCBytes(prefix) { p, pLen in leveldb_iter_seek(iterator, p, pLen) }
            var entries: [(key: [UInt8], value: [UInt8])] = []
            while leveldb_iter_valid(iterator) != 0 {
                var keyLength = 0
                let key = bytes(leveldb_iter_key(iterator, &keyLength), count: keyLength)
                guard key.starts(with: prefix) else { break }
                var valueLength = 0
                let value = bytes(leveldb_iter_value(iterator, &valueLength), count: valueLength)
                entries.append((key, value))
                leveldb_iter_next(iterator)
            }
            // An iterator stops early on corruption; only get_error tells that apart from the end.
            try checked { err in leveldb_iter_get_error(iterator, err) }
            return entries
        }
    }

    private func withHandle<R>(_ body: (OpaquePointer) throws(KVError) -> R) throws(KVError) -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        guard let handle else {
            throw KVError(kind: .invalidArgument, message: "database \(path) is closed")
        }
        return try body(handle)
    }
}
