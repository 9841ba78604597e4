import Foundation
public import TransferCore
import TransferIO

/// Every shard's journal under `<dest>/.ferry` merged into one view: which units of the frozen
/// partition are done, failed or remaining, which sit in several shards' journals, and each
/// shard's runs and throughput. `ferry report` renders it.
public struct ShardReport: Sendable {
    public struct ShardView: Sendable {
        public var name: String
        public var running = false
        public var error: String?
        /// A running shard's (or an unreadable journal's) published progress.
        public var progress: ProgressFile?
        public var files = ["done": 0, "in_flight": 0, "remaining": 0, "failed": 0]
        public var bytesDone: Int64 = 0
        public var bytesCopied: Int64 = 0
        public var bytesRenamed: Int64 = 0
        public var seconds: Double = 0
        public var runs = 0
        public var unfinishedRuns = 0
        public var hosts: [String] = []

        /// Copy throughput over the runs that ended; renames move no data and do not count.
        public var bytesPerSecond: Int { seconds > 0 ? Int(Double(bytesCopied) / seconds) : 0 }
    }

    /// A unit's files across journals.
    struct Unit {
        var done = 0
        var open = 0
        var failures: [String] = []
        var journals = Set<String>()
    }

    public var destination: String
    public var map: ShardMap?
    public var journals: [String]
    public var views: [ShardView] = []
    public var planned: Set<String> = []
    public var done: Set<String> = []
    public var failed: Set<String> = []
    public var remaining: Set<String> = []
    public var duplicated: [String] = []
    /// (unit, reason), sorted by unit.
    public var failures: [(String, String)] = []
    public var plannedBytesDone: Int64?

    /// Bytes of the plan's done units; without a map, what the journals say is done.
    public var bytesDone: Int64 { plannedBytesDone ?? views.reduce(Int64(0)) { $0 + $1.bytesDone } }

    /// Bytes of every unit of the frozen partition (0 without a map).
    public var bytesPlanned: Int64 { map?.units.reduce(Int64(0)) { $0 + $1.bytes } ?? 0 }

    /// Every unit committed exactly once, and no journal held or unreadable.
    public var complete: Bool { done.count == planned.count && duplicated.isEmpty && views.allSatisfy { $0.error == nil } }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func merge(destination: String) throws(Failure) -> ShardReport {
        let ferry = destination + "/.ferry"
        let names = ((try? FileSystem.listDirectory(ferry)) ?? []).filter {
            $0 == "journal" || ($0.hasPrefix("journal-shard-") && !$0.hasSuffix(".runs") && !$0.hasSuffix(".progress"))
        }.sorted()
        let map = try loadMap(ferry: ferry, journals: names)
        guard !names.isEmpty || map != nil else { throw Failure(description: "no journals or shard map in \(ferry)") }
        var report = ShardReport(destination: destination, map: map, journals: names)
        var unitShard: [String: Int] = [:]
        for entry in map?.units ?? [] { unitShard[entry.key] = entry.shard }
        var units: [String: Unit] = [:]
        for name in names { report.views.append(view(of: name, ferry: ferry, destination: destination, known: unitShard, units: &units)) }
        report.settle(units)
        return report
    }

    /// With several maps, the one whose shard count the journals use.
    private static func loadMap(ferry: String, journals names: [String]) throws(Failure) -> ShardMap? {
        let maps = ShardMap.all(ferryDirectory: ferry)
        let count = maps.keys.max { a, b in
            names.filter { $0.hasSuffix("-of-\(a)") }.count < names.filter { $0.hasSuffix("-of-\(b)") }.count
        }
        guard let count else { return nil }
        do { return try ShardMap.load(maps[count]!) } catch { throw Failure(description: error.message) }
    }

    private static func view(of name: String, ferry: String, destination: String, known: [String: Int], units: inout [String: Unit]) -> ShardView {
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
            for record in try JournalReader.records(at: ferry + "/" + name).values {
                count(checked(record), in: &view, journal: name, key: unitKey(record.item.destination, destination: destination, known: known), units: &units)
            }
        } catch {
            view.error = error.message
            view.running = error.kind == .inUse
            // A running shard (or a journal this user cannot open) still tells where it is.
            if let progress = ProgressFile.read(ProgressFile.path(journal: ferry + "/" + name)) {
                view.progress = progress
                view.running = progress.state == .running && !progress.isStale
            }
        }
        return view
    }

    /// Committed is a claim about the destination; a file deleted or changed since is not done.
    private static func checked(_ row: JournalRecord) -> JournalRecord {
        var record = row
        if record.isFinished, (try? FileSystem.status(record.item.destination)).map({ $0.size == record.item.size && $0.modificationTime == record.item.modificationTime }) != true {
            record.state = .failed
            record.failure = "committed, but \(record.item.destination) is now missing or changed"
        }
        return record
    }

    private static func count(_ record: JournalRecord, in view: inout ShardView, journal: String, key: String, units: inout [String: Unit]) {
        let group = record.progress.rawValue
        view.files[group]! += 1
        if record.isFinished { view.bytesDone += record.item.size }
        var unit = units[key] ?? Unit()
        if record.isFinished { unit.done += 1 } else { unit.open += 1 }
        if record.state == .failed { unit.failures.append("\(record.item.source): \(record.failure ?? "failed")") }
        unit.journals.insert(journal)
        units[key] = unit
    }

    private mutating func settle(_ units: [String: Unit]) {
        planned = map.map { Set($0.units.map { $0.key }) } ?? Set(units.keys)
        done = planned.filter { units[$0].map { $0.open == 0 && $0.done > 0 } ?? false }
        failed = planned.filter { !(units[$0]?.failures.isEmpty ?? true) }
        duplicated = units.filter { $0.value.journals.count > 1 }.keys.sorted()
        remaining = planned.subtracting(done).subtracting(failed)
        let done = self.done
        plannedBytesDone = map.map { $0.units.filter { done.contains($0.key) }.reduce(Int64(0)) { $0 + $1.bytes } }
        failures = failed.sorted().flatMap { key in units[key]!.failures.map { (key, $0) } }
    }

    /// The plan unit a journal row belongs to: its path below the destination, else the longest
    /// path suffix or the path component (a sector's `s-t0M-N`) that the shard map knows.
    static func unitKey(_ path: String, destination: String, known: [String: Int]) -> String {
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
