import TransferIO

/// What the journals next to a destination say about an earlier run of the same `copy` or
/// `move`: one still running (refused), or one whose plan shape a rerun must keep.
public enum EarlierRun {
    /// Another live process running this very transfer.
    public struct Duplicate: Error, CustomStringConvertible, Sendable {
        public let pid: Int32
        public let host: String
        public let operation: String
        public let destination: String
        public let journal: String

        public var description: String {
            "another ferry (pid \(pid) on \(host)) is already running this \(operation) to \(destination); wait for it to end (watch it with: ferry status --journal \(journal))"
        }
    }

    /// `ferry copy SRC NEWDIR` twice, seconds apart: the first run created NEWDIR and holds the
    /// journal in NEWDIR's parent; the second would see NEWDIR as a directory and copy into
    /// NEWDIR/SRC. So a live run of the same sources and destination is looked for in both the
    /// rerun's journal and that parent's. `destinationArgument` is DEST as typed.
    public static func duplicate(of plan: TransferPlan, operation: TransferMode, destinationArgument: String, journal: String) -> Duplicate? {
        let destination = FileSystem.absolute(destinationArgument)
        let candidates = [journal, FileSystem.parentDirectory(of: destination) + "/.ferry/journal"]
        for journal in Set(candidates) {
            guard let progress = ProgressFile.read(ProgressFile.path(journal: journal)), progress.state == .running, !progress.isStale,
                  progress.operation == operation.rawValue, progress.sources == plan.sources,
                  progress.destination == destination || progress.destination == plan.destination,
                  JournalReader.isInUse(journal) else { continue }
            return Duplicate(pid: progress.pid, host: progress.host, operation: progress.operation, destination: destination, journal: journal)
        }
        return nil
    }

    /// The `intoDirectory` a rerun must plan with, or nil to decide like `cp -r`. A single-source
    /// run that created DEST has its journal in DEST's parent. When that journal holds this very
    /// command (or an unfinished run that made DEST), keep its plan shape: DEST is the copy, not a
    /// directory to nest into. `journal` is `--journal` when given.
    public static func intoDirectory(operation: TransferMode, sources: [String], destinationArgument: String, journal given: String?) -> Bool? {
        guard sources.count == 1, !destinationArgument.hasSuffix("/") else { return nil }
        let destination = FileSystem.absolute(destinationArgument)
        let journal = given.map(FileSystem.absolute) ?? FileSystem.parentDirectory(of: destination) + "/.ferry/journal"
        let identity = RunIdentity(operation: operation.rawValue, sources: sources.map(FileSystem.absolute), destination: destination)
        guard FileSystem.exists(journal), let stored = JournalReader.identity(at: journal) else { return nil }
        // DEST may exist only because an unfinished run of another command created it (it was
        // killed after making DEST): that run still owns DEST, and its journal must decide —
        // whether or not the kill came before DEST's mkdir.
        let ownedByUnfinished = stored.destination == destination
            && ((try? JournalReader.records(at: journal))?.values.contains { !$0.isFinished && $0.state != .failed } ?? false)
        guard stored == identity || ownedByUnfinished else { return nil }
        let intoJournal = destination + "/.ferry/journal"
        return given == nil || journal != intoJournal ? false : nil
    }
}
