import ArgumentParser
import Foundation
import ScaleOut
import TransferCore
import TransferIO

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Merge every shard's journal under DEST/.ferry into one view: units done, failed (with reasons), remaining, bytes, throughput per shard.",
        discussion: """
        Units are those of the frozen partition (shard-map-of-N.json), so shards that never started count \
        as remaining. Exit status 0 only when every unit of the plan is committed (verified before its commit) \
        in exactly one shard and no journal is still held by a running shard; 1 otherwise.
        """
    )

    /// Repeatable so an export's own `--dest-path A --dest-path B` can be pasted: the journals
    /// live in the first one's .ferry/, as the export puts them.
    @Option(name: .customLong("dest-path"), help: "The destination whose .ferry/ holds the journals (an export's first --dest-path; repeatable, the others are ignored).", transform: PathArgument.expand)
    var destPaths: [String]

    var destPath: String { destPaths[0] }

    @Flag(help: "One JSON object on stdout.")
    var json = false

    func run() async throws {
        let destination = FileSystem.absolute(destPath)
        let throttle = ThrottleControl.read(ThrottleControl.path(ferryDirectory: destination + "/.ferry"))
        let report: ShardReport
        do {
            report = try ShardReport.merge(destination: destination)
        } catch {
            Stderr.write("ferry: \(error)\n")
            throw ExitCode(1)
        }
        if json { try printJSON(report, paused: throttle?.paused ?? false) } else { printText(report, throttle: throttle) }
        if !report.complete { throw ExitCode(1) }
    }

    /// A shard known only from its progress file (running, or a journal this user cannot open).
    private func errorText(_ view: ShardReport.ShardView) -> String? {
        guard let progress = view.progress else { return view.error }
        return ProgressFileText.state(progress) + ": " + ProgressFileText.counts(progress) + "; " + ProgressFileText.bytes(progress)
    }

    private func printJSON(_ report: ShardReport, paused: Bool) throws {
        let object: [String: Any] = [
            "destination": report.destination, "shards": report.map?.shards ?? report.journals.count, "units": report.planned.count,
            "done": report.done.count, "failed": report.failed.count, "remaining": report.remaining.count, "complete": report.complete,
            "bytes_done": report.bytesDone, "bytes_planned": report.bytesPlanned,
            "in_several_shards": report.duplicated,
            "failures": report.failures.map { ["unit": $0.0, "error": $0.1] },
            "per_shard": report.views.map { view -> [String: Any] in
                var object: [String: Any] = ["journal": view.name, "files": view.files, "bytes_done": view.bytesDone,
                                             "bytes_copied": view.bytesCopied, "bytes_renamed": view.bytesRenamed, "runs": view.runs, "unfinished_runs": view.unfinishedRuns,
                                             "hosts": view.hosts, "running": view.running,
                                             "bytes_per_second": view.bytesPerSecond]
                if let error = errorText(view) { object["error"] = error }
                return object
            },
            "paused": paused,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    private func printText(_ report: ShardReport, throttle: ThrottleControl?) {
        // `ferry throttle` applies to every shard writing here: say so before the counts.
        if let throttle, throttle != ThrottleControl() { print("throttle: \(ThrottleCommand.describe(throttle))") }
        print("\(report.destination): \(report.planned.count) unit(s) planned\(report.map.map { " in \($0.shards) shard(s)" } ?? ""): done \(report.done.count), failed \(report.failed.count), remaining \(report.remaining.count)")
        for view in report.views { print(line(view)) }
        for (unit, reason) in report.failures { print("failed: \(unit): \(reason)") }
        for unit in report.duplicated { print("in several shards' journals: \(unit)") }
        let remaining = report.remaining
        if !remaining.isEmpty { print("remaining: " + remaining.sorted().prefix(20).joined(separator: " ") + (remaining.count > 20 ? " …" : "")) }
        print(report.complete ? "complete: every unit committed exactly once" : "incomplete")
    }

    private func line(_ view: ShardReport.ShardView) -> String {
        var line = "  \(view.name): done \(view.files["done"]!) file(s) \(ByteCount.format(view.bytesDone)), in flight \(view.files["in_flight"]!), remaining \(view.files["remaining"]!), failed \(view.files["failed"]!)"
        line += "; \(view.runs) run(s)\(view.unfinishedRuns > 0 ? " (\(view.unfinishedRuns) without an end: killed or running)" : "")"
        // A rename moves no data, so it has no throughput: "copied 0 B at 0 B/s" would say the shard stalled.
        if view.bytesCopied > 0 && view.seconds > 0 { line += ", copied \(ByteCount.format(view.bytesCopied)) at \(ByteCount.rate(view.bytesCopied, seconds: view.seconds))" }
        if view.bytesRenamed > 0 { line += ", renamed \(ByteCount.format(view.bytesRenamed))" }
        if !view.hosts.isEmpty { line += " on \(view.hosts.joined(separator: ", "))" }
        if let error = errorText(view) { line += " — \(error)" }
        return line
    }
}
