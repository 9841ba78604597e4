import ArgumentParser
import Foundation
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

    @Option(name: .customLong("dest-path"), help: "The destination whose .ferry/ holds the journals.", transform: PathArgument.expand)
    var destPath: String

    @Flag(help: "One JSON object on stdout.")
    var json = false

    struct ShardView {
        var name: String
        var running = false
        var error: String?
        var files = ["done": 0, "in_flight": 0, "remaining": 0, "failed": 0]
        var bytesDone: Int64 = 0
        var bytesCopied: Int64 = 0
        var bytesRenamed: Int64 = 0
        var seconds: Double = 0
        var runs = 0
        var unfinishedRuns = 0
        var hosts: [String] = []
    }

    func run() async throws {
        let destination = FileSystem.absolute(destPath)
        let throttle = ThrottleControl.read(ThrottleControl.path(ferryDirectory: destination + "/.ferry"))
        let ferry = destination + "/.ferry"
        let names = ((try? FileSystem.listDirectory(ferry)) ?? []).filter { $0 == "journal" || ($0.hasPrefix("journal-shard-") && !$0.hasSuffix(".runs") && !$0.hasSuffix(".progress")) }.sorted()
        let maps = ShardMap.all(ferryDirectory: ferry)
        // With several maps, the one whose shard count the journals use.
        let count = maps.keys.max { a, b in
            names.filter { $0.hasSuffix("-of-\(a)") }.count < names.filter { $0.hasSuffix("-of-\(b)") }.count
        }
        var map: ShardMap?
        if let count {
            do {
                map = try ShardMap.load(maps[count]!)
            } catch {
                Stderr.write("ferry: \(error.message)\n")
                throw ExitCode(1)
            }
        }
        guard !names.isEmpty || map != nil else {
            Stderr.write("ferry: no journals or shard map in \(ferry)\n")
            throw ExitCode(1)
        }
        var unitShard: [String: Int] = [:]
        for entry in map?.units ?? [] { unitShard[entry.key] = entry.shard }
        var views: [ShardView] = []
        // unit key → (finished files, unfinished files, failures, journals that hold it)
        var units: [String: (done: Int, open: Int, failures: [String], journals: Set<String>)] = [:]
        for name in names {
            var view = ShardView(name: name)
            for entry in ShardRunLog.read(journal: ferry + "/" + name) {
                if entry.event == "start" { view.runs += 1; view.unfinishedRuns += 1; if !view.hosts.contains(entry.host) { view.hosts.append(entry.host) } }
                if entry.event == "end" {
                    view.unfinishedRuns -= 1
                    view.seconds += entry.seconds ?? 0
                    view.bytesCopied += entry.bytesCopied ?? 0
                    view.bytesRenamed += entry.bytesRenamed ?? 0
                }
            }
            do {
                for var record in try JournalReader.records(at: ferry + "/" + name).values {
                    // Committed is a claim about the destination; a file deleted or changed since is not done.
                    if record.isFinished, (try? FileSystem.status(record.item.destination)).map({ $0.size == record.item.size && $0.modificationTime == record.item.modificationTime }) != true {
                        record.state = .failed
                        record.failure = "committed, but \(record.item.destination) is now missing or changed"
                    }
                    let group = record.progress.rawValue
                    view.files[group]! += 1
                    if record.isFinished { view.bytesDone += record.item.size }
                    let key = unitKey(record.item.destination, destination: destination, known: unitShard)
                    var unit = units[key] ?? (0, 0, [], [])
                    if record.isFinished { unit.done += 1 } else { unit.open += 1 }
                    if record.state == .failed { unit.failures.append("\(record.item.source): \(record.failure ?? "failed")") }
                    unit.journals.insert(name)
                    units[key] = unit
                }
            } catch {
                view.error = error.message
                view.running = error.kind == .inUse
                // A running shard (or a journal this user cannot open) still tells where it is.
                if let progress = ProgressFile.read(ProgressFile.path(journal: ferry + "/" + name)) {
                    view.error = ProgressFileText.state(progress) + ": " + ProgressFileText.counts(progress) + "; " + ProgressFileText.bytes(progress)
                    view.running = progress.state == .running && !progress.isStale
                }
            }
            views.append(view)
        }
        let planned: Set<String> = map.map { Set($0.units.map { $0.key }) } ?? Set(units.keys)
        let done = planned.filter { units[$0].map { $0.open == 0 && $0.done > 0 } ?? false }
        let failed = planned.filter { !(units[$0]?.failures.isEmpty ?? true) }
        let duplicated = units.filter { $0.value.journals.count > 1 }.keys.sorted()
        let remaining = planned.subtracting(done).subtracting(failed)
        let plannedBytes = map.map { $0.units.filter { done.contains($0.key) }.reduce(Int64(0)) { $0 + $1.bytes } }
        let complete = done.count == planned.count && duplicated.isEmpty && views.allSatisfy { $0.error == nil }
        let failures = failed.sorted().flatMap { key in units[key]!.failures.map { (key, $0) } }
        if json {
            let object: [String: Any] = [
                "destination": destination, "shards": map?.shards ?? names.count, "units": planned.count,
                "done": done.count, "failed": failed.count, "remaining": remaining.count, "complete": complete,
                "bytes_done": plannedBytes ?? views.reduce(Int64(0)) { $0 + $1.bytesDone },
                "bytes_planned": map?.units.reduce(Int64(0)) { $0 + $1.bytes } ?? 0,
                "in_several_shards": duplicated,
                "failures": failures.map { ["unit": $0.0, "error": $0.1] },
                "per_shard": views.map { view -> [String: Any] in
                    var object: [String: Any] = ["journal": view.name, "files": view.files, "bytes_done": view.bytesDone,
                                                 "bytes_copied": view.bytesCopied, "bytes_renamed": view.bytesRenamed, "runs": view.runs, "unfinished_runs": view.unfinishedRuns,
                                                 "hosts": view.hosts, "running": view.running,
                                                 "bytes_per_second": view.seconds > 0 ? Int(Double(view.bytesCopied) / view.seconds) : 0]
                    if let error = view.error { object["error"] = error }
                    return object
                },
            ]
            var withThrottle = object
            withThrottle["paused"] = throttle?.paused ?? false
            let data = try JSONSerialization.data(withJSONObject: withThrottle, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            // `ferry throttle` applies to every shard writing here: say so before the counts.
            if let throttle, throttle != ThrottleControl() { print("throttle: \(ThrottleCommand.describe(throttle))") }
            print("\(destination): \(planned.count) unit(s) planned\(map.map { " in \($0.shards) shard(s)" } ?? ""): done \(done.count), failed \(failed.count), remaining \(remaining.count)")
            for view in views {
                var line = "  \(view.name): done \(view.files["done"]!) file(s) \(ByteCount.format(view.bytesDone)), in flight \(view.files["in_flight"]!), remaining \(view.files["remaining"]!), failed \(view.files["failed"]!)"
                line += "; \(view.runs) run(s)\(view.unfinishedRuns > 0 ? " (\(view.unfinishedRuns) without an end: killed or running)" : "")"
                // A rename moves no data, so it has no throughput: "copied 0 B at 0 B/s" would say the shard stalled.
                if view.bytesCopied > 0 && view.seconds > 0 { line += ", copied \(ByteCount.format(view.bytesCopied)) at \(ByteCount.rate(view.bytesCopied, seconds: view.seconds))" }
                if view.bytesRenamed > 0 { line += ", renamed \(ByteCount.format(view.bytesRenamed))" }
                if !view.hosts.isEmpty { line += " on \(view.hosts.joined(separator: ", "))" }
                if let error = view.error { line += " — \(error)" }
                print(line)
            }
            for (unit, reason) in failures { print("failed: \(unit): \(reason)") }
            for unit in duplicated { print("in several shards' journals: \(unit)") }
            if !remaining.isEmpty { print("remaining: " + remaining.sorted().prefix(20).joined(separator: " ") + (remaining.count > 20 ? " …" : "")) }
            print(complete ? "complete: every unit committed exactly once" : "incomplete")
        }
        if !complete { throw ExitCode(1) }
    }

    /// The plan unit a journal row belongs to: its path below the destination, else the longest
    /// path suffix or the path component (a sector's `s-t0M-N`) that the shard map knows.
    private func unitKey(_ path: String, destination: String, known: [String: Int]) -> String {
        let relative = path.hasPrefix(destination + "/") ? String(path.dropFirst(destination.count + 1)) : path
        if known.isEmpty || known[relative] != nil { return relative }
        let components = path.split(separator: "/").map(String.init)
        for start in components.indices {
            let suffix = components[start...].joined(separator: "/")
            if known[suffix] != nil { return suffix }
        }
        return components.first { known[$0] != nil } ?? relative
    }
}
