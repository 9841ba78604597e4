import Foundation
import Testing

@Suite(.tags(.binary)) struct SmallCommandTests {
    @Test func anUnwritableJournalLocationIsAClearErrorAndNothingMoves() throws {
        let dir = TempDir()
        let source = dir.write("src/a", size: 5000, seed: 1)
        // A path under a regular file can never be created, whoever runs the test.
        let blocker = dir.path + "/not-a-directory"
        _ = FileManager.default.createFile(atPath: blocker, contents: Data())
        try FileManager.default.createDirectory(atPath: dir.path + "/dst", withIntermediateDirectories: true)
        let result = try CLI.run(["move", dir.path + "/src/a", dir.path + "/dst/a", "--journal", blocker + "/journal"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("journal"))
        #expect(dir.digest("src/a") == source)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/dst/a"))
    }

    @Test func benchReportsEveryFigureAsJSON() throws {
        let dir = TempDir()
        let result = try CLI.run(["bench", "--src", dir.path + "/src", "--dest", dir.path + "/dst", "--sector-size", "2KiB",
                                  "--sectors", "3", "--json", "--memory", "8MiB", "--chunk-size", "1MiB"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["copy_gib_per_s", "verify_gib_per_s", "verified_export_gib_per_s", "same_fs_move_ms"] {
            #expect((object[key] as? Double ?? 0) > 0, "\(key)")
        }
        #expect(object["sectors"] as? Int == 3 && object["sector_size"] as? String == "2KiB")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/src/ferry-bench"), "bench cleans up after itself")
    }
}

@Suite(.tags(.binary)) struct BackendFallbackTests {
    @Test func withoutIoUringFerryFallsBackToPosixWithOneNotice() throws {
        let dir = TempDir()
        let source = dir.write("src/a", size: 300_000, seed: 4)
        let result = try CLI.run(["copy", dir.path + "/src/a", dir.path + "/dst/a", "--parents"], environment: ["FERRY_TEST_URING_DISABLED": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let notices = result.stderr.split(separator: "\n").filter { $0.contains("io_uring is not available") }
        #expect(notices.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("posix"))
        #expect(dir.digest("dst/a") == source)
    }
}
