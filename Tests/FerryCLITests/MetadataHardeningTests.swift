import Foundation
import KVStore
import Testing

/// Issue 11 items 5, 6, 12 and 13 (part) through the built binary: every bad input is an error
/// with exit status 1 or 2 that names it, nothing is written, and nothing traps.
@Suite(.serialized, .tags(.binary)) struct MetadataHardeningTests {
    static let fixtureDir = CLI.packageRoot + "/Tests/Fixtures/damocles"
    static let maxSectorNumber = "9223372036854775807"

    /// A lotus-miner repo of f01000 with `extra` keys in its metadata datastore.
    static func makeRepo(_ dir: TempDir, _ extra: [String: [UInt8]] = [:]) throws -> String {
        let repo = dir.path + "/repo"
        try FileManager.default.createDirectory(atPath: repo + "/datastore", withIntermediateDirectories: true)
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        var batch = KVWriteBatch()
        batch.put(Array("/miner-address".utf8), [0x00, 0xE8, 0x07])
        for (key, value) in extra { batch.put(Array(key.utf8), value) }
        try db.write(batch, sync: true)
        db.close()
        return repo
    }

    static func snapshot(_ repo: String) throws -> [String: [UInt8]] {
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        defer { db.close() }
        var out: [String: [UInt8]] = [:]
        for (k, v) in try db.scan(prefix: []) { out[String(decoding: k, as: UTF8.self)] = v }
        return out
    }

    static func uvarint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        return out + [UInt8(v)]
    }

    /// cc-1000 written to `dir` with its number replaced.
    static func state(_ dir: TempDir, number: String) throws -> String {
        let text = try String(contentsOfFile: fixtureDir + "/cc-1000.json", encoding: .utf8)
            .replacingOccurrences(of: #""Number":1000}"#, with: #""Number":\#(number)}"#)
        let path = dir.path + "/state-\(number).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func export(_ repo: String, _ extra: [String]) throws -> CLI.Result {
        try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--no-backup"] + extra)
    }

    // MARK: item 5

    @Test func sectorNumbersPastLotusMaximumAreErrors() throws {
        for number in ["9223372036854775808", "18446744073709551615"] {
            let dir = TempDir()
            let repo = try Self.makeRepo(dir)
            let before = try Self.snapshot(repo)
            let run = try Self.export(repo, ["--from-json", try Self.state(dir, number: number)])
            #expect(!run.killed && run.status == 1, "\(number): \(run.status) \(run.stderr)")
            #expect(run.stdout.contains("sector number \(number) is beyond lotus' largest sector number \(Self.maxSectorNumber)"), "\(run.stdout)")
            #expect(try Self.snapshot(repo) == before)
        }
        // The largest valid number exports (it trapped in Bitfield before).
        let dir = TempDir()
        let repo = try Self.makeRepo(dir)
        let run = try Self.export(repo, ["--from-json", try Self.state(dir, number: Self.maxSectorNumber)])
        #expect(!run.killed && run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("update next sector number: \(Self.maxSectorNumber)"))
        #expect(try Self.snapshot(repo)["/storage/nextid"] == Self.uvarint(UInt64(Int64.max)))
        let numbers = try CLI.run(["lotus", "numbers", "--repo", repo])
        #expect(!numbers.killed && numbers.status == 0 && numbers.stdout.contains("Next free: none"), "\(numbers.stderr)")
    }

    @Test func nextNumberPastLotusMaximumIsAUsageError() throws {
        let dir = TempDir()
        let repo = try Self.makeRepo(dir)
        let before = try Self.snapshot(repo)
        for value in ["9223372036854775808", "18446744073709551615", "18446744073709551616"] {
            for extra in [["--only-next-number"], ["--from-json", Self.fixtureDir + "/cc-1000.json"]] {
                let run = try Self.export(repo, ["--next-number", value] + extra)
                #expect(!run.killed && run.status == 2, "\(value) \(extra): \(run.status) \(run.stderr)")
                #expect(run.stderr.contains(value), "\(run.stderr)")
            }
        }
        #expect(try Self.snapshot(repo) == before)
    }

    @Test func storedNextIDPastLotusMaximumIsAnError() throws {
        for value in [UInt64(1) << 63, UInt64.max] {
            let dir = TempDir()
            let repo = try Self.makeRepo(dir, ["/storage/nextid": Self.uvarint(value)])
            let before = try Self.snapshot(repo)
            for args in [["lotus", "numbers", "--repo", repo], ["lotus", "numbers", "--repo", repo, "--json"]] {
                let run = try CLI.run(args)
                #expect(!run.killed && run.status == 1, "\(run.status) \(run.stderr)")
                #expect(run.stderr.contains("/storage/nextid value \(value) is beyond lotus' largest sector number"), "\(run.stderr)")
            }
            let export = try Self.export(repo, ["--only-next-number", "--next-number", "5"])
            #expect(!export.killed && export.status == 1 && export.stderr.contains("/storage/nextid"), "\(export.stderr)")
            #expect(try Self.snapshot(repo) == before)
        }
    }

    // MARK: item 6

    @Test func hugeShardCountsAreUsageErrors() throws {
        let dir = TempDir()
        _ = dir.write("src/a", size: 10, seed: 1)
        let copy = ["copy", dir.path + "/src", dir.path + "/dst/"]
        let runs = [
            try CLI.run(copy + ["--shard", "0/99999999999"]),
            try CLI.run(copy, environment: ["JOB_COMPLETION_INDEX": "0", "FERRY_SHARD_COUNT": "99999999999"]),
            try CLI.run(copy, environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "99999999999"]),
            try CLI.run(["export", "files", "--miner", "1000", "--src", dir.path + "/src", "--dest-path", dir.path + "/lotus", "--shard", "0/99999999999"]),
            try CLI.run(["verify", dir.path + "/src", "--shard", "0/99999999999"]),
        ]
        for run in runs {
            #expect(!run.killed && run.status == 2, "\(run.status) \(run.stderr)")
            #expect(run.stderr.contains("between 1 and 100000"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/dst"), "nothing written")
    }

    // MARK: item 12

    @Test func anUndecodableExistingRecordIsReportedAndOverridable() throws {
        let dir = TempDir()
        let repo = try Self.makeRepo(dir, ["/sectors/1000": [0xFF]])
        let before = try Self.snapshot(repo)
        let strict = try Self.export(repo, ["--from-json", Self.fixtureDir + "/cc-1000.json", "--all-or-nothing"])
        #expect(strict.status == 1, "\(strict.stdout)")
        #expect(strict.stdout.contains("sector 1000: /sectors/1000 exists but lotus cannot decode it"), "\(strict.stdout)")
        #expect(strict.stdout.contains("export failure counts: 1"))
        #expect(try Self.snapshot(repo) == before)
        // Without --all-or-nothing the sector numbers are still recorded; the bad record stays as it is.
        let run = try Self.export(repo, ["--from-json", Self.fixtureDir + "/cc-1000.json"])
        #expect(run.status == 1 && run.stdout.contains("export failure counts: 1"), "\(run.stdout)")
        #expect(try Self.snapshot(repo)["/sectors/1000"] == [0xFF])
        let fixed = try Self.export(repo, ["--from-json", Self.fixtureDir + "/cc-1000.json", "--override"])
        #expect(fixed.status == 0, "\(fixed.stdout) \(fixed.stderr)")
        let list = try CLI.run(["lotus", "sectors", "--repo", repo])
        #expect(list.status == 0 && list.stdout.contains("1000\tProving"), "\(list.stdout) \(list.stderr)")
    }

    @Test func lotusSectorsReportsKeysThatAreNotSectorNumbers() throws {
        let dir = TempDir()
        let repo = try Self.makeRepo(dir)
        #expect(try Self.export(repo, ["--from-json", Self.fixtureDir + "/cc-1000.json"]).status == 0)
        let record = try #require(try Self.snapshot(repo)["/sectors/1000"])
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        var batch = KVWriteBatch()
        batch.put(Array("/sectors/abc".utf8), record)
        try db.write(batch, sync: true)
        db.close()
        let run = try CLI.run(["lotus", "sectors", "--repo", repo])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stderr.contains("error: /sectors/abc: not a sector number key"), "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("1000\t") }.count == 1, "\(run.stdout)")
        #expect(run.stdout.contains("sectors: 2, undecodable: 0, bad keys: 1"))
        let json = try CLI.run(["lotus", "sectors", "--repo", repo, "--json"])
        #expect(json.status == 1 && json.stdout.contains("\"key_problem\""), "\(json.stdout)")
    }

    // MARK: item 13

    @Test func fromJSONErrorsNameFileSectorAndField() throws {
        let dir = TempDir()
        let repo = try Self.makeRepo(dir)
        let path = dir.path + "/bad.json"
        let text = try String(contentsOfFile: Self.fixtureDir + "/cc-1000.json", encoding: .utf8)
            .replacingOccurrences(of: #""SectorType":8"#, with: #""SectorType":-99999999999999999999"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Self.export(repo, ["--from-json", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(path):1:"), "\(run.stderr)")
        #expect(run.stderr.contains("sector s-t01000-1000: SectorType: -99999999999999999999 is out of range for a signed 64-bit integer"), "\(run.stderr)")
        #expect(!run.stderr.contains("The given data was not valid JSON"))
    }

    @Test func theSameStoreTwiceIsOneStore() throws {
        let dir = TempDir()
        let store = dir.path + "/damocles"
        let generate = try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--sector-size", "2KiB", "--count", "2"])
        try #require(generate.status == 0, "\(generate.stderr)")
        let list = try CLI.run(["sectors", "list", "--store", store, "--store", store + "/", "--miner", "1000"])
        #expect(list.status == 0, "\(list.stdout) \(list.stderr)")
        #expect(!list.stdout.contains("two stores"))
        let export = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--src", store, "--dest-path", dir.path + "/lotus", "--reserve"])
        #expect(export.status == 0, "\(export.stdout) \(export.stderr)")
        #expect(export.stdout.hasSuffix("export failure counts: 0, total: 2\n"), "\(export.stdout)")
    }
}
