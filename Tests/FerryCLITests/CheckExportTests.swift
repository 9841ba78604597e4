import Foundation
import Testing

/// Issue 14 item 4: `export files --check` proves each sector's destination copy before its
/// sources go; a sector that fails keeps its sources and fails with the reason.
@Suite(.tags(.binary)) struct CheckExportTests {
    @Test func aSectorWhoseCopyFailsTheCheckKeepsItsSources() throws {
        let temp = TempDir()
        let lotus = "/dev/shm/ferry-check-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: lotus) }
        let store = temp.path + "/store"
        let valid = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--sector-size", "2KiB", "--count", "2", "--valid"])
        #expect(valid.status == 0, "\(valid.stderr)")
        // Random bytes in sealed/ and cache/: right sizes, but no sector's proofs would hold.
        let random = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--sector-size", "2KiB", "--first", "3", "--count", "1"])
        #expect(random.status == 0)
        let run = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--check"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("export sector 3 file: check: the check of its copy"), "\(run.stderr)")
        #expect(run.stdout.contains("export failure counts: 1, total: 3"), "\(run.stdout)")
        for n in [1, 2] { #expect(!FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-\(n)"), "sector \(n) passed and moved") }
        #expect(FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-3"), "the failed sector keeps its sources")
        #expect(FileManager.default.fileExists(atPath: store + "/cache/s-t01000-3/p_aux"))
    }
}
