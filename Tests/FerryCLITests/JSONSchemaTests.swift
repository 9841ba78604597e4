import Foundation
import RPCTestServers
import Testing

/// Issue 17 item 16: every `--json` output follows docs/json.md — each line parses, every key is
/// snake_case, and every event stream ends with a summary that has the shared core.
@Suite(.tags(.binary)) struct JSONSchemaTests {
    static let snakeCase = try! NSRegularExpression(pattern: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

    /// Keys of `value` (recursively) that are not snake_case; `except` names keys whose value is
    /// foreign data kept in its own conventions (lotus' sector record).
    static func badKeys(_ value: Any, except: Set<String> = []) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, inner -> [String] in
                let match = snakeCase.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil
                return (match ? [] : [key]) + (except.contains(key) ? [] : badKeys(inner, except: except))
            }
        }
        if let list = value as? [Any] { return list.flatMap { badKeys($0, except: except) } }
        return []
    }

    /// An event stream: every line an object with an `event`, the last a summary with the core.
    @discardableResult
    static func stream(_ arguments: [String], sectors: Bool = false, status: Int32 = 0, cwd: String? = nil) throws -> [[String: Any]] {
        let run = try CLI.run(arguments, cwd: cwd)
        #expect(run.status == status, "\(arguments): \(run.stderr)")
        var events: [[String: Any]] = []
        for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                Issue.record("\(arguments): not a JSON object: \(line)")
                continue
            }
            #expect(object["event"] is String, "\(arguments): no event: \(line)")
            #expect(badKeys(object).isEmpty, "\(arguments): keys not snake_case: \(badKeys(object))")
            events.append(object)
        }
        let summary = try #require(events.last, "\(arguments): no output")
        #expect(summary["event"] as? String == "summary", "\(arguments): last is \(summary)")
        #expect(events.filter { $0["event"] as? String == "summary" }.count == 1, "\(arguments)")
        for key in ["files", "bytes", "failed"] + (sectors ? ["sectors"] : []) {
            #expect(summary[key] is Int, "\(arguments): summary without \(key): \(summary)")
        }
        #expect(summary["seconds"] is Double || summary["seconds"] is Int, "\(arguments): \(summary)")
        return events
    }

    /// A single document (maybe pretty-printed over several lines).
    static func document(_ arguments: [String], status: Int32 = 0, except: Set<String> = [], environment: [String: String] = [:]) throws {
        let run = try CLI.run(arguments, environment: environment)
        #expect(run.status == status, "\(arguments): \(run.stderr)")
        let value = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        #expect(badKeys(value, except: except).isEmpty, "\(arguments): keys not snake_case: \(badKeys(value, except: except))")
    }

    @Test func everyJSONOutputParsesIsSnakeCaseAndSummarizesWithTheCore() throws {
        let dir = TempDir()
        let p = dir.path
        for i in 0..<4 { _ = dir.write("src/d\(i % 2)/f\(i)", size: 3000 + i * 1000, seed: UInt64(i)) }
        for i in 0..<2 { _ = dir.write("msrc/f\(i)", size: 1000, seed: UInt64(10 + i)) }
        let copy = try Self.stream(["copy", p + "/src", p + "/dst/", "--json"])
        #expect(copy.first?["event"] as? String == "start" && copy.last?["files"] as? Int == 4)
        try Self.stream(["move", p + "/msrc", p + "/mdst/", "--json"])
        try Self.stream(["verify", p + "/dst", "--json"])
        try Self.stream(["verify", "--journal", p + "/dst/.ferry/journal", "--json"])

        let store = p + "/store"
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--count", "2"]).status == 0)
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--first", "3", "--count", "1", "--snap"]).status == 0)
        let export = ["export", "files", "--miner", "1000", "--src", store, "--dest-path", p + "/lotus", "--json"]
        let plan = try Self.stream(export + ["--dry-run"], sectors: true)
        #expect(plan.filter { $0["event"] as? String == "plan" }.count == 3)
        let run = try Self.stream(export + ["--reserve"], sectors: true)
        let start = try #require(run.first { $0["event"] as? String == "start" })
        #expect(start["sectors"] as? Int == 3 && start["files"] as? Int == 12 && start["operation"] as? String == "copy", "\(start)")
        #expect(start["journal"] as? String == p + "/lotus/.ferry/journal" && start["destination"] as? String == p + "/lotus")
        #expect(run.last?["sectors"] as? Int == 3 && run.last?["files"] as? Int == 12 && run.last?["failed"] as? Int == 0)
        let cleanup = try Self.stream(export + ["--cleanup-sources"], sectors: true)
        #expect(cleanup.filter { $0["status"] as? String == "removed" }.count == 3)

        let valid = p + "/valid"
        #expect(try CLI.run(["sectors", "generate", "--store", valid, "--miner", "1000", "--count", "1", "--valid",
                             "--damocles-states", p + "/states.json"]).status == 0)
        try Self.stream(["check", "--store", valid, "--from-json", p + "/states.json", "--json"], sectors: true)

        try Self.document(["status", "--journal", p + "/dst/.ferry/journal", "--json"])
        try Self.document(["report", "--dest-path", p + "/lotus", "--json"])
        try Self.document(["plan", "--shards", "2", "--json", "copy", p + "/src", p + "/dst2/"])
        try Self.document(["sectors", "list", "--store", valid, "--json"])
        try Self.document(["bench", "--src", p + "/bench-src", "--dest", p + "/bench-dst", "--sector-size", "2KiB", "--sectors", "1", "--json"])
        let repo = try MetadataHardeningTests.makeRepo(dir)
        try Self.document(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--no-backup", "--json",
                           "--from-json", MetadataHardeningTests.fixtureDir + "/cc-1000.json"])
        try Self.document(["lotus", "numbers", "--repo", repo, "--json"])
        // The sector record is lotus' own (Go field names), on purpose: see docs/json.md.
        try Self.document(["lotus", "sectors", "--repo", repo, "--json"], except: ["sector"])
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9])
        defer { lotus.stop() }
        try Self.document(["import", "--api", lotus.multiaddr, "--token", FakeLotusMiner.adminToken, "--dry-run", "--json"],
                          environment: ["MINER_API_INFO": ""])
    }

    /// A file's `seconds` is its own duration, not the time since the run began. One worker holds
    /// at most 8 files at once (TransferOptions.filesPerWorker), and every file's interval lies
    /// within the run's: so the files' seconds add up to at most 8 × the run's, however fast or
    /// slow the machine. Time since the start would add up to about half the files × the run's.
    @Test func perFileSecondsAreEachFilesOwnDuration() throws {
        let dir = TempDir()
        let count = 32
        for i in 0..<count { _ = dir.write("src/f\(i)", size: 20_000 + i * 100, seed: UInt64(i)) }
        let events = try Self.stream(["copy", dir.path + "/src", dir.path + "/dst/", "--jobs", "1", "--json"])
        let files = events.filter { $0["event"] as? String == "file" }
        #expect(files.count == count)
        let total = try #require(events.last?["seconds"] as? Double)
        let seconds = files.compactMap { $0["seconds"] as? Double }
        #expect(seconds.count == count)
        // Rounding: the summary to 1 ms, each file to 1 µs.
        let slack = 0.0005 * 8 + Double(count) * 1e-6
        #expect(seconds.allSatisfy { $0 <= total + 0.0005 }, "\(seconds) > \(total)")
        #expect(seconds.reduce(0, +) <= total * 8 + slack, "per-file seconds add up to \(seconds.reduce(0, +)), over 8 × \(total)")
    }
}
