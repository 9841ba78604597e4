import Foundation
import Testing

/// Issue 16 item 7: the second phase of a two-phase migration deletes a sector's sources only
/// after its destination files hash, from the device, to what the --reserve run journaled.
@Suite(.tags(.binary)) struct CleanupSourcesTests {
    @Test func verifiedSectorsLoseTheirSourcesDamagedOnesKeepThem() throws {
        let temp = TempDir()
        let lotus = "/dev/shm/ferry-cleanup-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: lotus) }
        let store = temp.path + "/store"
        let made = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--sector-size", "2KiB", "--count", "3"])
        #expect(made.status == 0, "\(made.stderr)")
        let reserve = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--reserve"])
        #expect(reserve.status == 0, "\(reserve.stderr)")
        // Sector 2's copy is damaged after the reserve run (a bad disk, a stray write).
        let damaged = lotus + "/cache/s-t01000-2/p_aux"
        var bytes = try #require(FileManager.default.contents(atPath: damaged))
        bytes[3] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let cleanup = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--cleanup-sources"])
        #expect(cleanup.status == 1, "\(cleanup.stdout)\(cleanup.stderr)")
        #expect(cleanup.stdout.contains("cleanup sector 1:") && cleanup.stdout.contains("sources removed"), "\(cleanup.stdout)")
        #expect(cleanup.stderr.contains("cleanup sector 2: \(damaged) reads back as xxh128"), "\(cleanup.stderr)")
        #expect(cleanup.stdout.contains("cleanup failure counts: 1, total: 3"), "\(cleanup.stdout)")
        for n in [1, 3] { #expect(!FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-\(n)"), "sector \(n)'s source went") }
        #expect(FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-2"), "the damaged sector keeps its source")
        #expect(FileManager.default.fileExists(atPath: store + "/cache/s-t01000-2/p_aux"))
        // Rerun: only sector 2 is left, and it still fails; nothing else is touched.
        let again = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--cleanup-sources"])
        #expect(again.status == 1 && again.stdout.contains("cleanup failure counts: 1, total: 1"), "\(again.stdout)")
    }

    @Test func withoutAReserveRunNothingIsDeleted() throws {
        let temp = TempDir()
        let store = temp.path + "/store"
        _ = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--sector-size", "2KiB", "--count", "1"])
        let cleanup = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", temp.path + "/lotus", "--cleanup-sources"])
        #expect(cleanup.status == 1)
        #expect(cleanup.stderr.contains("no --reserve export journal"), "\(cleanup.stderr)")
        #expect(FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-1"))
    }
}
