import Foundation
import KVStore
import TransferHash

public struct JournalError: Error, CustomStringConvertible, Sendable {
    /// What a reader can do about it: `status` falls back to the progress file when the
    /// journal is held by a running ferry or not readable by this user.
    public enum Kind: Sendable {
        case missing, inUse, permissionDenied, other
    }

    public let kind: Kind
    public let message: String
    public init(_ message: String, kind: Kind = .other) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }
}

/// The crash-safe record of a run, in LevelDB. Transitions are queued by the workers and
/// written by one thread in synced batches (group commit), so a 32 GiB file costs a handful
/// of fsyncs of a small log, and many small files share them.
public final class Journal: TransitionLog, @unchecked Sendable {
    public let path: String
    private let database: KVDatabase
    private let operation: TransferMode
    private let condition = NSCondition()
    private var pending: [(UInt64, Transition)] = []
    private var lastTicket: UInt64 = 0
    private var durableTicket: UInt64 = 0
    private var failure: String?
    private var closing = false
    private var written = 0
    private let killAfter: Int?
    private var writer: Thread?

    static let runKey = Array("run".utf8)
    static let filePrefix = Array("f/".utf8)
    /// Run metadata (`storeMetadata`): facts of the run that are not a file's state.
    static let metadataPrefix = Array("m/".utf8)

    /// Opens (or creates) the journal for `identity`. Refuses one that is held by another run,
    /// corrupt, or owned by a different unfinished run.
    public init(path: String, identity: RunIdentity, reset: Bool, killAfter: Int? = nil, notice: (String) -> Void) throws(JournalError) {
        self.path = path
        operation = TransferMode(rawValue: identity.operation) ?? .copy
        self.killAfter = killAfter
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw JournalError("cannot create the journal directory for \(path): \(error.localizedDescription)")
        }
        do {
            database = try KVDatabase(path: path)
        } catch {
            switch error.kind {
            case .locked: throw JournalError("the journal \(path) is in use by another ferry run (its LevelDB lock is held); wait for it or use another --journal")
            case .corrupt: throw JournalError("the journal \(path) is corrupt (\(error.message)); nothing was deleted. Run again with --journal-reset to start over")
            default: throw JournalError("cannot open the journal \(path): \(error.message)")
            }
        }
        let records = try Self.readRecords(database, path: path)
        let stored: RunIdentity?
        do {
            stored = try database.get(Self.runKey).map { try JSONDecoder().decode(RunIdentity.self, from: Data($0)) }
        } catch {
            throw JournalError("the journal \(path) is corrupt (unreadable run record); nothing was deleted. Run again with --journal-reset to start over")
        }
        let unfinished = records.values.filter { !$0.isFinished && $0.state != .failed }
        if reset, stored != nil || !records.isEmpty {
            notice("--journal-reset: forgetting \(stored.map(\.description) ?? "an unnamed run"): \(records.count) files, \(records.values.filter(\.isFinished).count) finished, \(unfinished.count) unfinished")
            try clear(records)
        } else if let stored, stored != identity {
            guard unfinished.isEmpty else {
                throw JournalError("the journal \(path) belongs to another run (\(stored)) with \(unfinished.count) unfinished files; run that command again to finish it, pass --journal-reset to forget it, or use --journal PATH")
            }
            notice("journal \(path): the previous run (\(stored)) had finished; starting a new one")
            try clear(records)
        }
        do {
            try database.put(Self.runKey, Array(try JSONEncoder().encode(identity)), sync: true)
        } catch let error as KVError {
            throw JournalError("cannot write the journal \(path): \(error.message)")
        } catch {
            throw JournalError("cannot write the journal \(path): \(error)")
        }
        let thread = Thread { [unowned self] in self.writeLoop() }
        thread.name = "ferry-journal"
        writer = thread
        thread.start()
    }

    deinit { close() }

    /// Every file row, by source path.
    public func records() throws(JournalError) -> [String: JournalRecord] {
        try Self.readRecords(database, path: path)
    }

    static func readRecords(_ database: KVDatabase, path: String) throws(JournalError) -> [String: JournalRecord] {
        let rows: [(key: [UInt8], value: [UInt8])]
        do {
            rows = try database.scan(prefix: filePrefix)
        } catch {
            throw JournalError("cannot read the journal \(path): \(error.message)")
        }
        var records: [String: JournalRecord] = [:]
        let decoder = JSONDecoder()
        for row in rows {
            guard let record = try? decoder.decode(JournalRecord.self, from: Data(row.value)) else {
                throw JournalError("the journal \(path) is corrupt (an unreadable file record); nothing was deleted. Run again with --journal-reset to start over")
            }
            records[record.item.source] = record
        }
        return records
    }

    private func clear(_ records: [String: JournalRecord]) throws(JournalError) {
        var batch = KVWriteBatch()
        batch.delete(Self.runKey)
        for row in (try? database.scan(prefix: Self.metadataPrefix)) ?? [] { batch.delete(row.key) }
        for source in records.keys { batch.delete(Self.filePrefix + Array(source.utf8)) }
        do {
            try database.write(batch, sync: true)
        } catch {
            throw JournalError("cannot reset the journal \(path): \(error.message)")
        }
    }

    /// Stores one piece of run metadata under `key`, durably (synced) before it returns, and
    /// outside the transition count of the kill sweeps: a caller records a decision (where a
    /// sector goes) before any file acts on it. Cleared with the run's file rows.
    public func storeMetadata<Value: Encodable>(_ value: Value, as key: String) throws(JournalError) {
        let bytes: Data
        do { bytes = try JSONEncoder().encode(value) } catch { throw JournalError("cannot encode the journal's \(key): \(error)") }
        do {
            try database.put(Self.metadataPrefix + Array(key.utf8), Array(bytes), sync: true)
        } catch {
            throw JournalError("cannot write the journal \(path): \(error.message)")
        }
    }

    /// The metadata stored under `key`, or nil when there is none (or it no longer decodes).
    public func metadata<Value: Decodable>(_ type: Value.Type, key: String) -> Value? {
        Self.readMetadata(database, type, key: key)
    }

    static func readMetadata<Value: Decodable>(_ database: KVDatabase, _ type: Value.Type, key: String) -> Value? {
        guard let bytes = try? database.get(metadataPrefix + Array(key.utf8)) else { return nil }
        return try? JSONDecoder().decode(type, from: Data(bytes))
    }

    // MARK: TransitionLog

    @discardableResult
    public func record(_ transition: Transition) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        lastTicket += 1
        pending.append((lastTicket, transition))
        condition.broadcast()
        return lastTicket
    }

    public func isDurable(_ ticket: UInt64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return failure == nil && durableTicket >= ticket
    }

    public func waitForDurability() {
        condition.lock()
        defer { condition.unlock() }
        let seen = durableTicket
        while failure == nil && durableTicket == seen && durableTicket < lastTicket {
            condition.wait()
        }
    }

    public func flush() throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil && durableTicket < lastTicket { condition.wait() }
        if let failure { throw JournalError("journal write failed: \(failure)") }
    }

    public var failureReason: String? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    public func close() {
        condition.lock()
        if closing {
            condition.unlock()
            return
        }
        while failure == nil && durableTicket < lastTicket { condition.wait() }
        closing = true
        condition.broadcast()
        condition.unlock()
        while writer?.isFinished == false { usleep(1000) }
        database.close()
    }

    private func writeLoop() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        while true {
            condition.lock()
            while pending.isEmpty && !closing { condition.wait() }
            if pending.isEmpty && closing {
                condition.unlock()
                return
            }
            var take = pending.count
            if let killAfter { take = min(take, max(1, killAfter - written)) }
            let batch = Array(pending.prefix(take))
            pending.removeFirst(take)
            condition.unlock()

            var kv = KVWriteBatch()
            for (_, transition) in batch {
                let record = JournalRecord(item: transition.item, state: transition.state, method: transition.method,
                                           digest: transition.digest?.hex, failure: transition.failure, operation: operation)
                kv.put(Self.filePrefix + Array(transition.item.source.utf8), Array((try? encoder.encode(record)) ?? Data()))
            }
            var writeError: String?
            do {
                try database.write(kv, sync: true)
            } catch {
                writeError = error.description
            }
            condition.lock()
            if let writeError {
                failure = writeError
            } else {
                durableTicket = batch.last!.0
                written += batch.count
            }
            condition.broadcast()
            condition.unlock()
            if let killAfter, written >= killAfter {
                // Test hook: die exactly after N durable transitions, like a power cut would.
                kill(getpid(), SIGKILL)
            }
        }
    }
}
