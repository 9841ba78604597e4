import Foundation
import Testing
import TransferHash

/// Regressions for what the engine review found (each of these failed before its fix).
@Suite(.tags(.binary)) struct ReviewRegressionTests {
    // twoSourcesWithOneDestinationAreBothRefused and aNewFileUnderAFinishedRunsNameIsMoved test
    // TransferCore's planner and journal, so they run in-process: TransferCoreTests'
    // EngineReviewRegressionTests.

    @Test func aSectorWhoseDestinationClashesIsRefusedBeforeAnyRename() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--count", "2"]).status == 0)
        try FileManager.default.createDirectory(atPath: lotus + "/cache/s-t01000-2", withIntermediateDirectories: true)
        try Data(repeating: 1, count: 5).write(to: URL(fileURLWithPath: lotus + "/cache/s-t01000-2/t_aux"))
        let result = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus])
        #expect(result.status == 1)
        #expect(result.stderr.contains("export sector 2 file:") && result.stderr.contains("none of this sector's files were moved"))
        #expect(result.stdout.hasSuffix("export failure counts: 1, total: 2\n"))
        for file in ["sealed/s-t01000-2", "cache/s-t01000-2/p_aux", "cache/s-t01000-2/sc-02-data-tree-r-last.dat", "cache/s-t01000-2/t_aux"] {
            #expect(FileManager.default.fileExists(atPath: store + "/" + file), "\(file) must stay at its source")
        }
        #expect(!FileManager.default.fileExists(atPath: lotus + "/sealed/s-t01000-2"))
        #expect(FileManager.default.fileExists(atPath: lotus + "/sealed/s-t01000-1"))
    }

    @Test func everyShardOfAnExportSucceedsOnItsOwn() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--count", "4"]).status == 0)
        for shard in ["0/2", "1/2"] {
            let result = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--shard", shard])
            #expect(result.status == 0, "shard \(shard): \(result.stderr)")
            #expect(result.stdout.hasSuffix("export failure counts: 0, total: 2\n"), "shard \(shard): \(result.stdout)")
        }
        let report = try CLI.run(["report", "--dest-path", lotus])
        #expect(report.status == 0, "\(report.stdout)\(report.stderr)")
    }

    @Test func anExportKilledMidRenamesResumesInOneRun() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--count", "8"]).status == 0)
        let killed = try CLI.run(["export", "files", "--miner", "1000", "--dest-path", lotus, "--src", store], environment: ["FERRY_TEST_KILL_AFTER": "33"])
        #expect(killed.killed)
        let resumed = try CLI.run(["export", "files", "--miner", "1000", "--dest-path", lotus, "--src", store])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.hasSuffix("export failure counts: 0, total: 8\n"), "\(resumed.stdout)")
        for number in 1...8 { #expect(FileManager.default.fileExists(atPath: lotus + "/sealed/s-t01000-\(number)")) }
    }
}

/// A long export frees its sources sector by sector, not only when the whole run ends.
@Suite(.tags(.binary)) struct SectorRemovalTests {
    @Test func sourcesGoAsEachSectorCompletes() throws {
        let dir = TempDir()
        let store = dir.path + "/store"
        // /dev/shm is another file system, so every file is a verified copy, not a rename.
        let lotus = "/dev/shm/ferry-removal-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: lotus) }
        let sectors = 12
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--sector-size", "8MiB", "--count", "\(sectors)"]).status == 0)
        // 48 files: 48 planned + 48 × (copying, synced, verified, committed) = 240 transitions
        // before the first source could go if removal waited for the end of the run. Killed a
        // little before that, removal that keeps pace (on its own thread, so only "most of the
        // time" under a loaded CI machine: hence the margin of many sectors) has freed sources.
        let killed = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--jobs", "1"],
                                 environment: ["FERRY_TEST_KILL_AFTER": "236"])
        #expect(killed.killed)
        let removed = (1...sectors).filter { !FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-\($0)") }
        #expect(!removed.isEmpty, "no sector's sources were removed before the run ended")
        for number in removed { #expect(FileManager.default.fileExists(atPath: lotus + "/sealed/s-t01000-\(number)")) }
        let resumed = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("export failure counts: 0,"), "\(resumed.stdout)")
        for number in 1...sectors { #expect(FileManager.default.fileExists(atPath: lotus + "/sealed/s-t01000-\(number)")) }
    }
}

/// Regressions for the second review (the sector export path).
@Suite(.tags(.binary)) struct ExportReviewRegressionTests {
    private func store(_ dir: TempDir, count: Int) throws -> (store: String, lotus: String) {
        let store = dir.path + "/store"
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--count", "\(count)"]).status == 0)
        // /dev/shm is another file system: every file is a verified copy.
        let lotus = "/dev/shm/ferry-review-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return (store, lotus)
    }

    @Test func aResumeNeverTouchesSectorsOutsideNumbers() throws {
        let dir = TempDir()
        let (store, lotus) = try store(dir, count: 3)
        defer { try? FileManager.default.removeItem(atPath: lotus) }
        let failed = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--numbers", "1"],
                                 environment: ["FERRY_TEST_CORRUPT_AFTER_SYNC": "sealed/s-t01000-1"])
        #expect(failed.status == 1)
        let second = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--numbers", "2"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stdout.contains("sector 1 file"), "\(second.stdout)")
        #expect(second.stdout.hasSuffix("export failure counts: 0, total: 1\n"))
        #expect(FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-1"), "sector 1 was not selected and must stay")
        let cache = try? FileManager.default.contentsOfDirectory(atPath: lotus + "/cache/s-t01000-1")
        #expect(cache == nil || !cache!.isEmpty, "no empty cache directory for a sector that did not arrive")
    }

    @Test func rerunningAFinishedExportWithNumbersSucceeds() throws {
        let dir = TempDir()
        let (store, lotus) = try store(dir, count: 2)
        defer { try? FileManager.default.removeItem(atPath: lotus) }
        #expect(try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--numbers", "1"]).status == 0)
        let again = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--numbers", "1"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(!again.stderr.contains("find sector 1 location"))
    }

    @Test func shardZeroDoesNotReportAnotherShardsSectorInFlight() throws {
        let dir = TempDir()
        let (store, lotus) = try store(dir, count: 4)
        defer { try? FileManager.default.removeItem(atPath: lotus) }
        // Shard 1 is killed after it removed one sector's sources: that sector now scans incomplete.
        var owned: [Int] = []
        for point in stride(from: 30, through: 60, by: 3) {
            try? FileManager.default.removeItem(atPath: lotus)
            _ = try CLI.sh("rm -rf '\(store)' && true")
            #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--count", "4"]).status == 0)
            _ = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--shard", "1/2"],
                            environment: ["FERRY_TEST_KILL_AFTER": "\(point)"])
            owned = (1...4).filter { !FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-\($0)") }
            if !owned.isEmpty { break }
        }
        try #require(!owned.isEmpty, "shard 1 never got as far as removing a sector's sources")
        let zero = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--shard", "0/2"])
        #expect(zero.status == 0, "\(zero.stdout)\(zero.stderr)")
        let one = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--shard", "1/2"])
        #expect(one.status == 0, "\(one.stdout)\(one.stderr)")
        #expect(try CLI.run(["report", "--dest-path", lotus]).status == 0)
    }
}
