import Foundation
import TransferIO

/// A whole `copy`/`move` run: plan, journal reconciliation (resume), the engine, the cleanup
/// of emptied source directories, and the manifest.
/// Shared with a background source remover: everything mutable is set in `init` (problems) or is
/// thread-safe itself (the journal, the counters).
public final class TransferSession: @unchecked Sendable {
    public struct Outcome: Sendable {
        public var results: [FileResult]
        public var problems: [(path: String, message: String)]
        public var seconds: Double
        public var failed: Int { results.filter { !$0.succeeded }.count + problems.count }
    }

    public let plan: TransferPlan
    public let options: TransferOptions
    public let journal: Journal
    public let counters = TransferCounters()
    /// The plan's refused inputs, less the sources an earlier run of this journal already moved
    /// away whole: print these, not `plan.problems`, or a resumed move fails on its own progress.
    public private(set) var problems: [(path: String, message: String)] = []

    /// Destination roots besides the plan's (an export's further --dest-path): a file is staged
    /// below the root that holds it, on its own file system, so its commit stays a rename.
    public let otherRoots: [String]

    public var stagingDirectory: String { stagingDirectory(root: plan.destinationRoot) }

    func stagingDirectory(root: String) -> String {
        root + "/.ferry/staging/" + String(UInt32(truncatingIfNeeded: journal.path.hashValueStable), radix: 16)
    }

    /// The staging directory of `item`: below the longest root holding its destination.
    public func stagingDirectory(for item: TransferItem) -> String {
        let root = otherRoots.filter { item.destination.hasPrefix($0 + "/") }.max { $0.count < $1.count }
        return stagingDirectory(root: root ?? plan.destinationRoot)
    }

    var stagingDirectories: [String] { ([plan.destinationRoot] + otherRoots).map(stagingDirectory(root:)) }

    public init(plan: TransferPlan, options: TransferOptions, journalPath: String?, reset: Bool, otherRoots: [String] = [],
                notice: (String) -> Void) throws(JournalError) {
        self.plan = plan
        self.options = options
        self.otherRoots = otherRoots.filter { $0 != plan.destinationRoot }
        let path = journalPath.map(FileSystem.absolute) ?? plan.destinationRoot + "/.ferry/journal"
        let identity = RunIdentity(operation: options.mode.rawValue, sources: plan.sources, destination: plan.destination)
        journal = try Journal(path: path, identity: identity, reset: reset, killAfter: options.killAfterTransitions, notice: notice)
        problems = outstanding(plan.problems, records: try journal.records())
    }

    /// A source that is gone, and whose every file the journal records as moved (source removed),
    /// was finished by an earlier run; anything else stays a problem.
    private func outstanding(_ problems: [(path: String, message: String)], records: [String: JournalRecord]) -> [(path: String, message: String)] {
        problems.filter { problem in
            guard options.mode == .move, !FileSystem.exists(problem.path) else { return true }
            let rows = records.values.filter { $0.item.source == problem.path || $0.item.source.hasPrefix(problem.path + "/") }
            return rows.isEmpty || !rows.allSatisfy(finishesWithoutItsSource)
        }
    }

    /// Whether a row whose source is gone is, or will be by this run's resume, a finished move:
    /// the same decision `resume` acts on (a removal or rename done but answered with an error
    /// is finished there), not only rows already recorded as source-removed.
    private func finishesWithoutItsSource(_ row: JournalRecord) -> Bool {
        let decision = ResumeDecision.of(row, replanned: false, source: .absent,
                                         destination: PathObservation(try? FileSystem.status(row.item.destination), of: row.item),
                                         removesSources: !options.deferSourceRemoval)
        return [.done, .removeSource, .recordRename].contains(decision)
    }

    /// `only`: run just these items (a second round of the same run, e.g. sectors sent to
    /// another path), resuming their rows; rows outside them are left alone.
    public func run(recheck: Bool, only: [TransferItem]? = nil, report: @escaping @Sendable (TransferEvent) -> Void) throws -> Outcome {
        let started = ContinuousClock.now
        let records = try journal.records()
        discardStagingLeftovers(report)
        var done: [FileResult] = []
        var todo: [TransferItem] = []
        var seen = Set<String>()
        for item in only ?? plan.items {
            seen.insert(item.source)
            if let record = records[item.source], let result = resume(record, replanned: item, recheck: recheck) {
                done.append(result)
            } else {
                todo.append(item)
            }
        }
        // Rows whose source is gone from the plan: renamed or removed by an earlier run.
        for record in records.values where only == nil && !seen.contains(record.item.source) && plan.sources.contains(where: { record.item.source == $0 || record.item.source.hasPrefix($0 + "/") }) {
            if let result = resume(record, replanned: nil, recheck: recheck) { done.append(result) }
        }
        for result in done {
            if result.succeeded { counters.settled(result.item) } else { counters.filesFailed.add(1, ordering: .relaxed) }
            report(.fileFinished(result))
        }
        for item in todo {
            var row = FileRow(item, state: records[item.source]?.state)
            row.record(.planned, in: journal)
        }
        try journal.flush()
        // A later round (`only`) made its own: the plan's may name places it no longer uses.
        if only == nil { for directory in plan.directories { try? FileSystem.makeDirectories(directory) } }
        var results = try TransferEngine.run(todo, options: options, staging: { [self] in stagingDirectory(for: $0) }, log: journal,
                                             counters: counters, report: report)
        try journal.flush()
        results.append(contentsOf: done)
        if options.mode == .move && !options.deferSourceRemoval {
            removeEmptiedDirectories()
        }
        for directory in stagingDirectories { try? FileSystem.removeDirectory(directory) }
        let elapsed = (ContinuousClock.now - started).components
        return Outcome(results: results, problems: problems, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// Removes source directories that a move emptied (non-empty ones stay).
    public func removeEmptiedDirectories() {
        for directory in plan.sourceDirectories {
            // Through the parent reached with no link from the SRC argument that holds it.
            let root = plan.sources.first { directory.hasPrefix($0 + "/") }.map(FileSystem.parentDirectory(of:))
            let path = AnchoredPath(root: root, path: directory)
            try? path.openParent().removeDirectory(path.name)
        }
    }

    /// Finishes what an earlier run left owed for a file and says whether it is done; nil when
    /// it must be transferred again (or, outside this run's plan, is owed nothing).
    private func resume(_ record: JournalRecord, replanned: TransferItem?, recheck: Bool) -> FileResult? {
        let item = record.item
        let decision = ResumeDecision.of(
            record, replanned: replanned != nil,
            source: .source(try? FileSystem.status(item.source), of: item, replanned: replanned),
            destination: PathObservation(try? FileSystem.status(item.destination), of: item),
            removesSources: !options.deferSourceRemoval,
            recheck: recheck ? { try? FileDigest.compute(item.destination) } : nil)
        let resumed = FileResult(item: item, method: record.method, digest: record.digestValue, seconds: 0, failure: nil, resumed: true)
        switch decision {
        case .redo: return nil
        case .done: return resumed
        case .removeSource: return completeRemoval(record) ?? resumed
        case .recordRename:
            var row = FileRow(item, state: record.state)
            row.record(.renameFound, in: journal)
            var result = resumed
            result.method = .rename
            return result
        case .destinationMissing:
            return failed(item, "an earlier run committed this file, but \(item.destination) is missing now and the source is gone (removed after that run?); nothing was touched. --journal-reset forgets finished files")
        case .destinationChanged:
            return failed(item, "the destination changed after it was committed (size or mtime); the source was not touched")
        case .recheckFailed(let digest):
            return failed(item, "--recheck: the destination no longer matches its recorded xxh128 \(digest.hex); the source was not touched")
        }
    }

    /// Deletes the sources of files that arrived (a whole sector, when the caller deferred
    /// removal), once their commit records are durable. Safe to call from any thread.
    /// Returns the failures by source path.
    public func removeSources(of results: [FileResult]) throws -> [String: String] {
        try journal.flush()
        var failures: [String: String] = [:]
        for result in results {
            guard result.succeeded else {
                failures[result.item.source] = "not committed; its source was kept"
                continue
            }
            // A rename already took the source away, atomically.
            if result.method == .rename { continue }
            let record = JournalRecord(item: result.item, state: .committed, method: result.method,
                                       digest: result.digest?.hex, failure: nil, operation: .move)
            if let failed = completeRemoval(record) { failures[result.item.source] = failed.failure }
        }
        return failures
    }

    /// Deletes a committed file's source, through its parent directory reached with no link,
    /// and only if the name still refers to the file that was planned and copied.
    private func completeRemoval(_ record: JournalRecord) -> FileResult? {
        let item = record.item
        let path = item.anchoredSource
        let namespace = options.namespace(for: item)
        do throws(Errno) {
            let directory = try path.openParent()
            let status = try directory.status(path.name)
            if let problem = item.replacement(status) {
                return failed(item, "the source was replaced after its copy was committed (\(problem)); the verified copy is in place and the file now under the source's name was kept")
            }
            try namespace.unlink(.sourceUnlink, path.name, in: directory)
            FileJob.syncSourceDirectory(namespace, directory)
        } catch where error == .noSuchFile && !FileSystem.exists(item.source) {
            // Already gone: an earlier run removed it before it could record that.
        } catch {
            return failed(item, error == .tooManyLinks || error == .notDirectory
                ? FileJob.sourcePathProblem(item, error)
                : "copied and verified, but the source could not be removed: \(error)")
        }
        var row = FileRow(item, state: record.state)
        row.record(.sourceRemoved(record.method, record.digestValue), in: journal)
        return nil
    }

    private func failed(_ item: TransferItem, _ message: String) -> FileResult {
        FileResult(item: item, method: nil, digest: nil, seconds: 0, failure: message)
    }

    private func discardStagingLeftovers(_ report: (TransferEvent) -> Void) {
        for directory in stagingDirectories {
            guard let names = try? FileSystem.listDirectory(directory), !names.isEmpty else { continue }
            for name in names { try? FileSystem.unlink(directory + "/" + name) }
            report(.notice("discarded \(names.count) partial file(s) left by an interrupted run"))
        }
    }
}

extension String {
    /// FNV-1a: stable across processes, unlike `hashValue`.
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
