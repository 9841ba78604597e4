import ArgumentParser
import Foundation
import TransferCore
import TransferIO

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a run's progress: done, in flight, remaining, failed (with reasons), rate and ETA.",
        discussion: """
        Works during a run and for any user who can read the destination: while a run holds the journal \
        (or when this user cannot open it), status reads the progress file the run publishes beside it \
        (<journal>.progress, world-readable, replaced every 2 s).
        """
    )

    @Option(help: "The journal (default: ./.ferry/journal, i.e. run it in the destination).", transform: PathArgument.expand)
    var journal: String = ".ferry/journal"

    @Flag(help: "One JSON object on stdout.")
    var json = false

    func run() async throws {
        let path = FileSystem.absolute(journal)
        let progress = ProgressFile.read(ProgressFile.path(journal: path))
        let records: [String: JournalRecord]
        do {
            records = try JournalReader.records(at: path)
        } catch where error.kind == .inUse || error.kind == .permissionDenied {
            guard let progress else {
                Stderr.write("ferry: \(error)\n")
                throw ExitCode(1)
            }
            return try printLive(progress, journal: path)
        } catch {
            Stderr.write("ferry: \(error)\n")
            throw ExitCode(1)
        }
        try printJournal(records, progress: progress, journal: path)
    }

    /// A run holds the journal (or it is not ours to open): what it last published.
    private func printLive(_ progress: ProgressFile, journal: String) throws {
        if json {
            let object: [String: Any] = ["journal": journal, "source": "progress-file", "progress": ProgressFileText.json(progress),
                                         "running": progress.state == .running && !progress.isStale,
                                         "cleanup_only": progress.phase == .sourceRemoval && progress.state != .finished]
            return try printJSON(object)
        }
        ProgressFileText.lines(progress).forEach { print($0) }
    }

    private func printJournal(_ records: [String: JournalRecord], progress: ProgressFile?, journal: String) throws {
        var groups: [String: (files: Int, bytes: Int64)] = ["done": (0, 0), "in_flight": (0, 0), "remaining": (0, 0), "failed": (0, 0)]
        var failures: [(String, String)] = []
        for record in records.values {
            let group = record.progress.rawValue
            groups[group]!.files += 1
            groups[group]!.bytes += record.item.size
            if record.state == .failed { failures.append((record.item.source, record.failure ?? "failed")) }
        }
        failures.sort { $0.0 < $1.0 }
        let cleanupOnly = Self.onlyCleanupRemains(records.values)
        // The journal lives in <dest>/.ferry/: `ferry throttle` left its setting beside it.
        let control = ThrottleControl.read(ThrottleControl.path(ferryDirectory: FileSystem.parentDirectory(of: journal)))
        if json {
            var object: [String: Any] = ["journal": journal, "paused": control?.paused ?? false, "cleanup_only": cleanupOnly, "source": "journal"]
            for (name, value) in groups { object[name] = ["files": value.files, "bytes": value.bytes] }
            object["failures"] = failures.map { ["source": $0.0, "error": $0.1] }
            if let progress { object["progress"] = ProgressFileText.json(progress) }
            return try printJSON(object)
        }
        if let progress {
            print("run: " + progress.command.joined(separator: " "))
            print("state: " + ProgressFileText.state(progress))
        }
        for name in ["done", "in_flight", "remaining", "failed"] {
            let value = groups[name]!
            print("\(name.replacingOccurrences(of: "_", with: " ")): \(value.files) file(s), \(ByteCount.format(value.bytes))")
        }
        for (source, reason) in failures { print("failed: \(source): \(reason)") }
        if cleanupOnly { print(ProgressFileText.cleanupOnly + " (run the same command to finish it)") }
        if let control, control != ThrottleControl() { print("throttle: \(ThrottleCommand.describe(control))") }
    }

    /// A move killed while deleting sources: every file is committed (its destination verified
    /// from the device), none failed, and only source removals are owed.
    static func onlyCleanupRemains(_ records: some Collection<JournalRecord>) -> Bool {
        !records.isEmpty && records.allSatisfy { $0.state == .committed || $0.state == .sourceRemoved }
            && records.contains { !$0.isFinished }
    }

    private func printJSON(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }
}
