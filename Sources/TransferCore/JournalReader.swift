import Foundation
public import KVStore

/// Read-only access to a journal for `status` and `verify` (it still takes LevelDB's lock, so
/// it refuses while a run holds the journal).
public enum JournalReader {
    /// The run a journal belongs to, if there is a readable journal at `path`.
    public static func identity(at path: String) -> RunIdentity? {
        var options = KVOptions()
        options.createIfMissing = false
        guard let database = try? KVDatabase(path: path, options: options) else { return nil }
        defer { database.close() }
        guard let bytes = try? database.get(Journal.runKey) else { return nil }
        return try? JSONDecoder().decode(RunIdentity.self, from: Data(bytes))
    }

    public static func records(at path: String) throws(JournalError) -> [String: JournalRecord] {
        var options = KVOptions()
        options.createIfMissing = false
        let database: KVDatabase
        do {
            database = try KVDatabase(path: path, options: options)
        } catch {
            switch error.kind {
            case .notFound: throw JournalError("no journal at \(path)")
            case .locked: throw JournalError("the journal \(path) is in use by a running ferry; try again when it ends")
            default: throw JournalError("cannot open the journal \(path): \(error.message)")
            }
        }
        defer { database.close() }
        return try Journal.readRecords(database, path: path)
    }
}
