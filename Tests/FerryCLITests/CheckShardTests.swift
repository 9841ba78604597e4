import Foundation
import Testing

/// Issue 14: `ferry check --shard I/N` checks each sector in exactly one shard.
@Suite(.tags(.binary)) struct CheckShardTests {
    @Test func shardsCoverEverySectorOnce() throws {
        let temp = TempDir()
        let store = temp.path + "/store"
        let made = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--sector-size", "2KiB", "--count", "7", "--valid"])
        #expect(made.status == 0, "\(made.stderr)")
        var seen: [String] = []
        for index in 0..<3 {
            let run = try CLI.run(["check", "--store", store, "--shard", "\(index)/3", "--seed", "1"])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            seen += run.stdout.split(separator: "\n").filter { $0.hasPrefix("s-t01000-") }.map { String($0.split(separator: " ")[0]) }
        }
        #expect(seen.sorted() == (1...7).map { "s-t01000-\($0)" }.sorted())
        let bad = try CLI.run(["check", "--store", store, "--shard", "3/3"])
        #expect(bad.status == 2)
    }
}
