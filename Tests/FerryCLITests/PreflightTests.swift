import Foundation
import Testing

/// Mistakes caught before a byte moves (issue 17 items 6–8, 11).
@Suite(.serialized, .tags(.binary)) struct PreflightTests {
    @Test func aMissingParentIsRefusedUnlessParentsAndNothingIsCreated() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 64 << 10, seed: 1)
        let typo = dir.path + "/mnt/xfss/a/b/out.bin"
        let refused = try CLI.run(["copy", dir.path + "/src/a.bin", typo])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(dir.path)/mnt/xfss/a/b does not exist") && refused.stderr.contains("--parents"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/mnt"), "nothing was created")
        let made = try CLI.run(["copy", dir.path + "/src/a.bin", typo, "--parents"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: typo))
        // The last component alone is created, as mkdir would.
        let newDirectory = try CLI.run(["copy", dir.path + "/src", dir.path + "/fresh"])
        #expect(newDirectory.status == 0, "\(newDirectory.stderr)")
        #expect(newDirectory.stderr.contains("ferry: destination \(dir.path)/fresh: on "), "\(newDirectory.stderr)")
        #expect(newDirectory.stderr.contains(" free"), "\(newDirectory.stderr)")
    }

    @Test func exportToATypoedDestinationCreatesNothingAndTheDryRunSaysSo() throws {
        let dir = TempDir()
        let store = dir.path + "/store"
        try #require(try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000"]).status == 0)
        let typo = dir.path + "/mnt/xfss/a/b/lotus"
        for dryRun in [true, false] {
            let result = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", typo] + (dryRun ? ["--dry-run"] : []))
            #expect(result.status == 1, "dry run \(dryRun): \(result.stdout)")
            #expect(result.stderr.contains("does not exist"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/mnt"))
        }
        let plan = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", dir.path + "/lotus", "--dry-run"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("destination \(dir.path)/lotus: on "), "the dry run shows mount, file system, free space: \(plan.stdout)")
    }

    @Test func theRootFileSystemIsCalledOut() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 4096, seed: 2)
        var root = stat(), here = stat()
        stat("/", &root)
        stat(dir.path, &here)
        let result = try CLI.run(["copy", dir.path + "/src/a.bin", dir.path + "/b.bin"])
        #expect(result.status == 0)
        let warned = result.stderr.contains("is on the same file system as /")
        #expect(warned == (root.st_dev == here.st_dev), "\(result.stderr)")
        let shm = "/dev/shm/ferry-preflight-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: shm) }
        let tmpfs = try CLI.run(["copy", dir.path + "/src/a.bin", shm])
        #expect(tmpfs.status == 0, "\(tmpfs.stderr)")
        #expect(!tmpfs.stderr.contains("same file system as /"), "tmpfs is not the root file system: \(tmpfs.stderr)")
        #expect(tmpfs.stderr.contains("(tmpfs, "), "\(tmpfs.stderr)")
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to run ferry as another user"))
    func anotherUsersDirectoriesAreRefusedBeforeAnyCopy() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 64 << 10, seed: 3)
        chmod(dir.path, 0o755)
        let open = "/dev/shm/ferry-preflight-open-\(getpid())"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
        chmod(open, 0o777)
        defer { try? FileManager.default.removeItem(atPath: open) }
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary]
        let write = try CLI.run(asNobody + ["copy", dir.path + "/src/a.bin", dir.path + "/out.bin"], executable: "/usr/bin/setpriv")
        #expect(write.status == 1)
        #expect(write.stderr.contains("cannot write to \(dir.path): permission denied"), "\(write.stderr)")
        #expect(write.stderr.contains("run ferry as the store's owner"), "\(write.stderr)")
        let move = try CLI.run(asNobody + ["move", dir.path + "/src/a.bin", open + "/a.bin"], executable: "/usr/bin/setpriv")
        #expect(move.status == 1)
        #expect(move.stderr.contains("cannot delete sources from \(dir.path)/src: permission denied"), "\(move.stderr)")
        #expect(!FileManager.default.fileExists(atPath: open + "/a.bin"), "nothing was copied")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/src/a.bin"))
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to run ferry as another user"))
    func aFileRefusedByPermissionsSaysWhoShouldRunFerry() throws {
        let base = "/dev/shm/ferry-eacces-\(getpid())"
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base + "/src", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        _ = FileManager.default.createFile(atPath: base + "/src/secret", contents: Data("x".utf8), attributes: [.posixPermissions: 0o600])
        _ = FileManager.default.createFile(atPath: base + "/src/open", contents: Data("y".utf8), attributes: [.posixPermissions: 0o644])
        chmod(base, 0o777)
        chmod(base + "/src", 0o777)
        let run = try CLI.run(["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary, "copy", base + "/src", base + "/dst"],
                              executable: "/usr/bin/setpriv")
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(base)/src/secret: cannot open the source: Permission denied (run ferry as the owner of the store and destination, or as root)"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: base + "/dst/open"), "the other file went on")
    }

    @Test func aSecondIdenticalCopyIsRefusedWhileTheFirstRuns() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 1 << 20, seed: 4)
        let arguments = ["copy", dir.path + "/src", dir.path + "/newdir"]
        let flag = dir.path + "/pause"
        let first = try CLI.Background(arguments + ["--test-pause-at", "copied:\(flag)"], directory: dir.path)
        try #require(first.waitFor { FileManager.default.fileExists(atPath: flag) }, "\(first.stderr)")
        let second = try CLI.run(arguments)
        try FileManager.default.removeItem(atPath: flag)
        let done = first.finish()
        #expect(done.status == 0, "\(done.stderr)")
        #expect(second.status == 1)
        #expect(second.stderr.contains("is already running this copy"), "\(second.stderr)")
        #expect(dir.files("newdir") == ["a.bin"], "one copy, not newdir/src: \(dir.files("newdir"))")
    }

    @Test func aSectorWhoseSealedFileFailedLeavesNoCacheFilesBehind() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try #require(try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--count", "2"]).status == 0)
        let result = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--reserve", "--reflink", "never"],
                                 environment: ["FERRY_TEST_CORRUPT_AFTER_SYNC": "sealed/s-t01000-1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("export sector 1: removed the "), "\(result.stderr)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: lotus + "/cache/s-t01000-1")) ?? []
        #expect(left.isEmpty, "cache files of a sector that did not arrive: \(left)")
        #expect(!FileManager.default.fileExists(atPath: lotus + "/sealed/s-t01000-1"))
        #expect(FileManager.default.fileExists(atPath: lotus + "/sealed/s-t01000-2"), "the other sector arrived")
        #expect(FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-1"), "a copy keeps its sources")
    }
}
