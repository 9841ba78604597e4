import Foundation
import KVStore

/// Read-only access to a journal for `status` and `verify`. It still takes LevelDB's lock (and
/// needs write access to its LOCK file), so while a run holds the journal, or for a user who
/// cannot write there, readers use the run's progress file (`ProgressFile`) instead.
public enum JournalReader {
    /// The run a journal belongs to, if there is a readable journal at `path`.
    public static func identity(at path: String) -> RunIdentity? {
        guard let database = try? openExisting(path) else { return nil }
        defer { database.close() }
        guard let bytes = try? database.get(Journal.runKey) else { return nil }
        return try? JSONDecoder().decode(RunIdentity.self, from: Data(bytes))
    }

    /// True while a running ferry holds the journal at `path`.
    public static func isInUse(_ path: String) -> Bool {
        do {
            let database = try openExisting(path)
            database.close()
            return false
        } catch {
            return error.kind == .locked
        }
    }

    /// Run metadata of the journal at `path` (see `Journal.storeMetadata`), if readable.
    public static func metadata<Value: Decodable>(at path: String, _ type: Value.Type, key: String) -> Value? {
        guard let database = try? openExisting(path) else { return nil }
        defer { database.close() }
        return Journal.readMetadata(database, type, key: key)
    }

    public static func records(at path: String) throws(JournalError) -> [String: JournalRecord] {
        let database: KVDatabase
        do {
            database = try openExisting(path)
        } catch {
            switch error.kind {
            case .notFound: throw JournalError("no journal at \(path)", kind: .missing)
            case .locked: throw JournalError("the journal \(path) is in use by a running ferry; try again when it ends", kind: .inUse)
            case _ where error.message.hasSuffix("Permission denied"):
                throw JournalError("cannot open the journal \(path): \(error.message)", kind: .permissionDenied)
            default: throw JournalError("cannot open the journal \(path): \(error.message)")
            }
        }
        defer { database.close() }
        return try Journal.readRecords(database, path: path)
    }

    /// Every reader opens the journal as it is: a reader must never create an empty journal where
    /// none was (that would turn "no journal here" into "a journal with nothing done").
    private static func openExisting(_ path: String) throws(KVError) -> KVDatabase {
        var options = KVOptions()
        options.createIfMissing = false
        return try KVDatabase(path: path, options: options)
    }
}
