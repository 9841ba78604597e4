import Foundation
import RPCTestServers
import Testing

/// Issue 16 item 5 through the binary: `export files --chain-api` moves sectors in the order
/// their deadlines closed, never starts one inside its window or margin, and with `--defer skip`
/// lists what it left.
@Suite(.tags(.binary)) struct DeadlineExportTests {
    /// Epoch 1807 of a period starting at 0: deadline 30 is open (challenge 1780 … close 1860),
    /// deadline 31's challenge (1840) is 16.5 minutes away, 29 closed at 1800, 10 long ago.
    static func node() throws -> FakeFullNode {
        try FakeFullNode(epoch: 30 * 60 + 7, deadlineOf: [1: 10, 2: 30, 3: 31, 4: 29])
    }

    static func store(_ temp: TempDir) throws -> String {
        let store = temp.path + "/store"
        let made = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--sector-size", "2KiB", "--first", "1", "--count", "4"])
        #expect(made.status == 0, "\(made.stderr)")
        return store
    }

    @Test func sectorsGoInDeadlineOrderAndDeferredOnesAreListed() throws {
        let temp = TempDir()
        let node = try Self.node()
        defer { node.stop() }
        let store = try Self.store(temp)
        // Lines print when a sector is committed; the order files start in is read from the
        // pause handshake, which names the first file to open its source.
        let flag = temp.path + "/first-opened"
        let background = try CLI.Background(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", temp.path + "/lotus",
                                             "--reserve", "--jobs", "1", "--chain-api", node.url, "--defer", "skip",
                                             // Deadline 30 is open and its sector shares the store's disk: that disk
                                             // runs at the proving limit (0, the default, would pause it for 26 min).
                                             "--proving-bwlimit", "100MiB", "--test-pause-at", "source-opened:\(flag)"], directory: temp.path)
        try #require(background.waitFor { ((try? String(contentsOfFile: flag, encoding: .utf8)) ?? "").contains("/") }, "\(background.stderr)")
        let first = try String(contentsOfFile: flag, encoding: .utf8)
        try FileManager.default.removeItem(atPath: flag)
        let run = background.finish()
        #expect(run.status == 1, "deferred sectors make the run incomplete: \(run.stderr)")
        #expect(first.hasSuffix("s-t01000-4") || first.contains("/s-t01000-4/"), "the deadline that closed last goes first: \(first)")
        #expect(run.stdout.contains("move sector 4 file") && run.stdout.contains("move sector 1 file"), "\(run.stdout)")
        #expect(run.stdout.contains("deferred: 2 (deadline 30 open), 3 (deadline 31 opens in"), "\(run.stdout)")
        #expect(run.stdout.contains("run again later"))
        #expect(run.stderr.contains("deadline 30 open"), "the held disk is announced: \(run.stderr)")
        for n in [2, 3] {
            #expect(!FileManager.default.fileExists(atPath: temp.path + "/lotus/sealed/s-t01000-\(n)"), "sector \(n) was not started")
        }
        for n in [1, 4] { #expect(FileManager.default.fileExists(atPath: temp.path + "/lotus/sealed/s-t01000-\(n)")) }
    }

    /// A kill in the middle (after a few journal writes) and the same command again: the
    /// schedule holds on resume — ready sectors arrive, deferred ones are still not started.
    @Test(arguments: [2, 5, 9])
    func aKilledScheduledRunResumesWithTheSameSchedule(killAfter: Int) throws {
        let temp = TempDir()
        let node = try Self.node()
        defer { node.stop() }
        let store = try Self.store(temp)
        let arguments = ["export", "files", "--miner", "t01000", "--src", store, "--dest-path", temp.path + "/lotus",
                         "--jobs", "1", "--chain-api", node.url, "--defer", "skip", "--proving-bwlimit", "100MiB"]
        let killed = try CLI.run(arguments, environment: ["FERRY_TEST_KILL_AFTER": "\(killAfter)"])
        #expect(killed.killed, "the kill hook fired at \(killAfter)")
        let resumed = try CLI.run(arguments)
        #expect(resumed.status == 1 && resumed.stdout.contains("deferred: 2 (deadline 30 open), 3"), "\(resumed.stdout)\(resumed.stderr)")
        for n in [1, 4] {
            #expect(FileManager.default.fileExists(atPath: temp.path + "/lotus/sealed/s-t01000-\(n)"), "sector \(n) arrived")
            #expect(!FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-\(n)"), "sector \(n) moved")
        }
        for n in [2, 3] {
            #expect(FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-\(n)"), "sector \(n) untouched")
            #expect(!FileManager.default.fileExists(atPath: temp.path + "/lotus/sealed/s-t01000-\(n)"))
        }
    }

    @Test func theDryRunPrintsTheSchedule() throws {
        let temp = TempDir()
        let node = try Self.node()
        defer { node.stop() }
        let store = try Self.store(temp)
        let run = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", temp.path + "/lotus",
                               "--chain-api", node.url, "--dry-run"])
        #expect(run.stdout.contains("deadline 30"), "\(run.stdout)")
        #expect(run.stdout.contains("sector 2"), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/lotus"), "a dry run changes nothing")
    }

    @Test func aBadChainAPIIsAClearError() throws {
        let temp = TempDir()
        let store = try Self.store(temp)
        let run = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", temp.path + "/lotus",
                               "--chain-api", "http://127.0.0.1:1/rpc/v1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--chain-api"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/lotus/sealed"), "nothing moved without the schedule")
    }
}
