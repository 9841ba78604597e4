import Foundation
import KVStore
import Testing

/// Issue 15 item 1 through the binary: one sector that cannot be converted no longer blocks the
/// others, `--all-or-nothing` restores the old behaviour, `--numbers` limits what is written.
@Suite(.serialized, .tags(.binary)) struct MetadataPartialExportTests {
    static let fixtureDir = CLI.packageRoot + "/Tests/Fixtures/damocles"

    /// The four exportable fixtures, the lotus-imported snapped sector 9 (fails without --store), and
    /// a removed sector 1010.
    static func statesDir(_ dir: TempDir) throws -> String {
        let path = dir.path + "/states"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for name in ["cc-1000", "builtin-deal-1001", "ddo-1002", "snapped-1003", "lotus-imported-upgraded-9"] {
            try FileManager.default.copyItem(atPath: fixtureDir + "/" + name + ".json", toPath: path + "/" + name + ".json")
        }
        let removed = try String(contentsOfFile: fixtureDir + "/cc-1000.json", encoding: .utf8)
            .replacingOccurrences(of: #""Number":1000}"#, with: #""Number":1010}"#)
            .replacingOccurrences(of: #""Removed":false"#, with: #""Removed":true"#)
        try removed.write(toFile: path + "/removed-1010.json", atomically: true, encoding: .utf8)
        return path
    }

    static func allocatedRepo(_ dir: TempDir) throws -> String {
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        var batch = KVWriteBatch()
        batch.put(Array("/storage/sectorsids/allocated".utf8), [0x41, 0x00])  // CBOR bytes(1): RLE+ of the empty set
        try db.write(batch, sync: true)
        db.close()
        return repo
    }

    @Test func oneFailingSectorDoesNotBlockTheOthers() throws {
        let dir = TempDir()
        let states = try Self.statesDir(dir)
        let repo = try Self.allocatedRepo(dir)
        let run = try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--from-json", states])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("sector 9 to sector info err: snap-upgraded sector without its new CommR") && $0.contains("--store") }, "\(run.stdout)")
        #expect(lines.contains("sector 1010: skipped: removed"))
        #expect(lines.contains("export failure counts: 1"))
        #expect(lines.last == "wrote 6 keys in one atomic batch; the 1 failed sector(s) above were not written", "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("backup of the datastore: \(repo)/ferry-backup/") })
        let snap = try ExportMetadataAPITests.snapshot(repo)
        #expect(Set(snap.keys.filter { $0.hasPrefix("/sectors/") }) == ["/sectors/1000", "/sectors/1001", "/sectors/1002", "/sectors/1003"])
        let numbers = try CLI.run(["lotus", "numbers", "--repo", repo])
        // 9 failed and 1010 was skipped: both are numbers damocles used, so lotus must not hand them out.
        #expect(numbers.stdout.contains("Allocated: 9, 1000-1003, 1010"), "\(numbers.stdout)")
        #expect(numbers.stdout.contains("nextid: 1010"), "\(numbers.stdout)")
    }

    @Test func allOrNothingWritesNothing() throws {
        let dir = TempDir()
        let states = try Self.statesDir(dir)
        let repo = try Self.allocatedRepo(dir)
        let before = try ExportMetadataAPITests.snapshot(repo)
        let run = try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--from-json", states, "--all-or-nothing"])
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("nothing written (--all-or-nothing): fix the failures above (the datastore is unchanged)\n"), "\(run.stdout)")
        #expect(try ExportMetadataAPITests.snapshot(repo) == before)
        #expect(!FileManager.default.fileExists(atPath: repo + "/ferry-backup"))
    }

    @Test func numbersLimitTheExportButNotTheUsedNumbers() throws {
        let dir = TempDir()
        let states = try Self.statesDir(dir)
        let repo = try Self.allocatedRepo(dir)
        let run = try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--from-json", states, "--no-backup",
                               "--numbers", "1001", "--numbers", "1003"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let snap = try ExportMetadataAPITests.snapshot(repo)
        #expect(Set(snap.keys.filter { $0.hasPrefix("/sectors/") }) == ["/sectors/1001", "/sectors/1003"])
        let numbers = try CLI.run(["lotus", "numbers", "--repo", repo])
        #expect(numbers.stdout.contains("Allocated: 9, 1000-1003, 1010"), "\(numbers.stdout)")

        let unknown = try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--from-json", states, "--no-backup",
                                   "--numbers", "4242"])
        #expect(unknown.status == 1 && unknown.stdout.contains("sector 4242 to sector info err: --numbers 4242: damocles has no state for sector 4242 of f01000"), "\(unknown.stdout)")
        for bad in ["+5", "05", "x", "-1"] {
            let usage = try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--from-json", states, "--numbers=\(bad)"])
            #expect(usage.status == 2 && usage.stderr.hasPrefix("error: --numbers '\(bad)' is not a sector number"), "\(bad): \(usage.stderr)")
        }
    }

    @Test func jsonReportListsEachFailureWithItsReason() throws {
        let dir = TempDir()
        let states = try Self.statesDir(dir)
        let repo = try Self.allocatedRepo(dir)
        let run = try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--from-json", states, "--no-backup", "--json"])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["failure_count"] as? Int == 1 && report["written"] as? Bool == true && report["all_or_nothing"] as? Bool == false)
        let sectors = try #require(report["sectors"] as? [[String: Any]])
        let failed = try #require(sectors.first { $0["outcome"] as? String == "failed" })
        #expect(failed["number"] as? Int == 9 && (failed["reason"] as? String)?.contains("--store") == true)
        let messages = try #require(report["message_cids"] as? [String: Any])
        #expect(messages["placeholders"] as? Int == 1 && messages["nulled"] as? Int == 8, "\(messages)")
        #expect(report["numbers_counted"] as? Int == 6)
    }
}
