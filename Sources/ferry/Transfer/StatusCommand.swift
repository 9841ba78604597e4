import ArgumentParser
import Foundation
import TransferCore
import TransferIO

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a run's progress from its journal: done, in flight, remaining, failed (with reasons)."
    )

    @Option(help: "The journal (default: ./.ferry/journal, i.e. run it in the destination).", transform: PathArgument.expand)
    var journal: String = ".ferry/journal"

    @Flag(help: "One JSON object on stdout.")
    var json = false

    func run() async throws {
        let records: [String: JournalRecord]
        do {
            records = try JournalReader.records(at: FileSystem.absolute(journal))
        } catch {
            Stderr.write("ferry: \(error)\n")
            throw ExitCode(1)
        }
        var groups: [String: (files: Int, bytes: Int64)] = ["done": (0, 0), "in_flight": (0, 0), "remaining": (0, 0), "failed": (0, 0)]
        var failures: [(String, String)] = []
        for record in records.values {
            let group = record.isFinished ? "done" : record.isInFlight ? "in_flight" : record.state == .failed ? "failed" : "remaining"
            groups[group]!.files += 1
            groups[group]!.bytes += record.item.size
            if record.state == .failed { failures.append((record.item.source, record.failure ?? "failed")) }
        }
        failures.sort { $0.0 < $1.0 }
        // The journal lives in <dest>/.ferry/: `ferry throttle` left its setting beside it.
        let control = ThrottleControl.read(ThrottleControl.path(ferryDirectory: FileSystem.parentDirectory(of: FileSystem.absolute(journal))))
        if json {
            var object: [String: Any] = ["journal": FileSystem.absolute(journal), "paused": control?.paused ?? false]
            for (name, value) in groups { object[name] = ["files": value.files, "bytes": value.bytes] }
            object["failures"] = failures.map { ["source": $0.0, "error": $0.1] }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for name in ["done", "in_flight", "remaining", "failed"] {
                let value = groups[name]!
                print("\(name.replacingOccurrences(of: "_", with: " ")): \(value.files) file(s), \(ByteCount.format(value.bytes))")
            }
            for (source, reason) in failures { print("failed: \(source): \(reason)") }
            if let control, control != ThrottleControl() { print("throttle: \(ThrottleCommand.describe(control))") }
        }
    }
}
