import Foundation
import LotusMetadata
import Testing

/// Runs the built `ferry` binary: exit codes and the damocles-compatible output lines.
@Suite(.tags(.binary)) struct CLITests {
    private func ferry(_ args: String...) throws -> CLI.Result? {
        try CLI.run(args)
    }

    @Test func exportPrintsDamoclesLinesAndExitsZero() throws {
        let repo = try TempRepo()
        guard let r = try ferry("export", "metadata", "--miner", "f01000", "--dest-repo", repo.path,
                                "--from-json", Paths.fixture("cc-1000"), "--next-number", "1500") else { return }
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("export failure counts: 0"))
        #expect(lines.contains("next sector number: 1500"))
        #expect(lines.contains("update next sector number: 1500"))
        #expect(lines.contains { $0.hasPrefix("backup of the datastore: \(repo.path)/ferry-backup/") })
        #expect(try repo.snapshot()["/storage/nextid"] == Uvarint.encode(1500))

        guard let sectors = try ferry("lotus", "sectors", "--repo", repo.path) else { return }
        #expect(sectors.status == 0)
        #expect(sectors.stdout.contains("1000\tProving\ttype=8"))
        guard let numbers = try ferry("lotus", "numbers", "--repo", repo.path, "--json") else { return }
        let json = try JSONSerialization.jsonObject(with: Data(numbers.stdout.utf8)) as? [String: Any]
        #expect(json?["next_id"] as? Int == 1500 && json?["next_free"] as? Int == 1501)
    }

    @Test func exportToLotusSpellingAndJSONReport() throws {
        let repo = try TempRepo()
        guard let r = try ferry("export-to-lotus", "metadata", "--miner", "1000", "--dest-repo", repo.path,
                                "--from-json", Paths.fixtures, "--dry-run", "--json") else { return }
        // The fixtures include a lotus-imported upgraded sector ferry cannot map: exit 1, nothing written.
        #expect(r.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(report?["failure_count"] as? Int == 1 && report?["written"] as? Bool == false)
        #expect(!(try repo.snapshot().keys.contains { $0.hasPrefix("/sectors/") }))
    }

    @Test func usageErrorsExitTwo() throws {
        let repo = try TempRepo()
        for args in [
            ["export", "metadata", "--miner", "f01000", "--dest-repo", repo.path, "--only-next-number"],
            ["export", "metadata", "--miner", "f01000", "--dest-repo", repo.path],
            ["export", "metadata", "--miner", "f1abc", "--dest-repo", repo.path, "--from-json", Paths.fixtures],
        ] {
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: "))
        }
    }

    @Test func badInputExitsOneAndLeavesTheDatastoreAlone() throws {
        let repo = try TempRepo()
        let before = try repo.snapshot()
        let badJSON = repo.root + "/bad.json"
        try Data("{\"ID\":".utf8).write(to: URL(fileURLWithPath: badJSON))
        guard let malformed = try ferry("export", "metadata", "--miner", "f01000", "--dest-repo", repo.path, "--from-json", badJSON) else { return }
        #expect(malformed.status == 1 && malformed.stderr.contains("bad.json"))
        guard let wrongMiner = try ferry("export", "metadata", "--miner", "f01001", "--dest-repo", repo.path, "--from-json", Paths.fixture("cc-1000")) else { return }
        #expect(wrongMiner.status == 1 && wrongMiner.stderr.contains("/miner-address"))
        guard let noRepo = try ferry("export", "metadata", "--miner", "f01000", "--dest-repo", repo.root + "/nope", "--only-next-number", "--next-number", "5") else { return }
        #expect(noRepo.status == 1)
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/nope"))
        #expect(try repo.snapshot() == before)
    }
}
