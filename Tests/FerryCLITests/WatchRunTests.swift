import Foundation
import Testing

/// Watching a long run (issue 17 items 1–5): heartbeat, status during the run and for another
/// user, interrupts, per-sector lines at commit. Runs are held at a moment with the hidden
/// `--test-pause-at MOMENT:FILE` handshake, so nothing here depends on timing.
@Suite(.serialized, .tags(.binary)) struct WatchRunTests {
    private func paused(_ arguments: [String], at moment: String, in dir: TempDir) throws -> (CLI.Background, String) {
        let flag = dir.path + "/pause-\(UInt32.random(in: 0...UInt32.max))"
        let run = try CLI.Background(arguments + ["--test-pause-at", "\(moment):\(flag)"], directory: dir.path)
        let reached = run.waitFor { FileManager.default.fileExists(atPath: flag) }
        try #require(reached, "the run ended before \(moment): \(run.stderr)")
        return (run, flag)
    }

    @Test func heartbeatLinesGoToStderrWhenItIsNotATerminal() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 3 << 20, seed: 1)
        let (run, flag) = try paused(["copy", dir.path + "/src/a.bin", dir.path + "/out.bin", "--stats", "0.05"], at: "copied", in: dir)
        let beat = run.waitFor { run.stderr.contains("progress: 0/1 files, ") }
        try FileManager.default.removeItem(atPath: flag)
        let result = run.finish()
        #expect(beat, "no heartbeat while held: \(result.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stderr.split(separator: "\n").first { $0.hasPrefix("progress: ") }.map(String.init) ?? ""
        #expect(line.range(of: #"^progress: \d+/1 files, [0-9.]+/3\.00 MiB, [0-9.]+ (B|KiB|MiB|GiB)/s, ETA \S+"#, options: .regularExpression) != nil, "\(line)")
        #expect(try CLI.run(["copy", dir.path + "/src/a.bin", dir.path + "/x", "--stats", "soon"]).status == 2)
    }

    @Test func statusReadsTheProgressFileWhileARunHoldsTheJournal() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 1 << 20, seed: 2)
        _ = dir.write("src/b.bin", size: 1 << 20, seed: 3)
        let dest = dir.path + "/dest"
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        let (run, flag) = try paused(["copy", dir.path + "/src", dest + "/", "--jobs", "1"], at: "copied#2", in: dir)
        let journal = dest + "/.ferry/journal"
        let status = try CLI.run(["status", "--journal", journal])
        var asOther: CLI.Result?
        if geteuid() == 0 {
            // A user who may read the destination but not write the journal's LOCK file.
            asOther = try CLI.run(["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary, "status", "--journal", journal], executable: "/usr/bin/setpriv")
        }
        try FileManager.default.removeItem(atPath: flag)
        let result = run.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("state: running (pid \(run.process.processIdentifier) "), "\(status.stdout)")
        #expect(status.stdout.contains("files: "), "\(status.stdout)")
        #expect(status.stdout.contains(" copy \(dir.path)/src \(dest)/"), "the command line: \(status.stdout)")
        if let asOther {
            #expect(asOther.status == 0, "\(asOther.stderr)")
            #expect(asOther.stdout.contains("state: running"), "\(asOther.stdout)")
        }
        let after = try CLI.run(["status", "--journal", journal])
        #expect(after.stdout.contains("state: finished"), "\(after.stdout)")
        #expect(after.stdout.contains("done: 2 file(s)"), "\(after.stdout)")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalStopsTheRunWithWhatWasCommittedAndItResumes(signal: Int32, status: Int32) throws {
        let dir = TempDir()
        let a = dir.write("src/a.bin", size: 1 << 20, seed: 4)
        let b = dir.write("src/b.bin", size: 1 << 20, seed: 5)
        // Another file system (tmpfs), so the move copies and commits instead of renaming.
        let dest = "/dev/shm/ferry-watch-\(getpid())-\(signal)"
        try? FileManager.default.removeItem(atPath: dest)
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dest) }
        // One worker: the first file to reach "committed" has finished (source removed) by
        // the time the second reaches it, on the same thread.
        let arguments = ["move", dir.path + "/src", dest + "/", "--jobs", "1"]
        let (run, _) = try paused(arguments, at: "committed#2", in: dir)
        kill(run.process.processIdentifier, signal)
        let result = run.finish()
        #expect(result.status == status, "\(result.stderr)")
        #expect(!result.killed)
        #expect(result.stderr.contains("interrupted: 1 of 2 files committed; run the same command to resume\n"), "\(result.stderr)")
        let progress = try String(contentsOfFile: dest + "/.ferry/journal.progress", encoding: .utf8)
        #expect(progress.contains(#""state":"interrupted""#))
        let resumed = try CLI.run(arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let moved = TempDir.digest(of: dest + "/src/a.bin") == a && TempDir.digest(of: dest + "/src/b.bin") == b
        #expect(moved)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/src/b.bin"), "the resumed move removed the committed source")
    }

    @Test func exportPrintsASectorsLinesTogetherOnlyOnceItsFilesAreCommitted() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        let generated = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--count", "2"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let arguments = ["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--reserve", "--jobs", "1"]
        let (run, flag) = try paused(arguments, at: "copied", in: dir)
        let whileHeld = run.stdout
        try FileManager.default.removeItem(atPath: flag)
        let result = run.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!whileHeld.contains("file from"), "a file was claimed before it was committed: \(whileHeld)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for sector in [1, 2] {
            let header = try #require(lines.firstIndex(of: "move sector \(sector) file ..."), "\(result.stdout)")
            let block = lines[(header + 1)...].prefix { $0.hasPrefix("copy file from ") }
            let files = 1 + ((try? FileManager.default.contentsOfDirectory(atPath: store + "/cache/s-t01000-\(sector)"))?.count ?? 0)
            #expect(block.count == files, "sector \(sector)'s \(files) files follow its header: \(lines)")
            #expect(block.allSatisfy { $0.contains("-t01000-\(sector)") }, "\(block)")
        }
    }

    @Test func aKillWhileRemovingSourcesLeavesOnlyCleanup() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 1 << 20, seed: 6)
        let dest = "/dev/shm/ferry-cleanup-only-\(getpid())"
        try? FileManager.default.removeItem(atPath: dest)
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dest) }
        let (run, _) = try paused(["move", dir.path + "/src/a.bin", dest + "/"], at: "committed", in: dir)
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.finish()
        let status = try CLI.run(["status", "--journal", dest + "/.ferry/journal"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("all data verified at the destination; only cleanup remains"), "\(status.stdout)")
        #expect(status.stdout.contains("not running: pid \(run.process.processIdentifier) is gone"), "a dead run is not shown as live: \(status.stdout)")
    }

    /// On a terminal (a pty from `script`), 80 columns: every bar fits, and no line is glued to one.
    @Test func theBarFitsEightyColumnsAndIsClearedBeforeOutput() throws {
        let dir = TempDir()
        _ = dir.write("src/a.bin", size: 8 << 20, seed: 7)
        let command = "stty cols 80; \(CLI.binary) copy \(dir.path)/src/a.bin \(dir.path)/out.bin; \(CLI.binary) verify \(dir.path)/out.bin"
        let result = try CLI.run(["-qec", command, "/dev/null"], executable: "/usr/bin/script")
        #expect(result.status == 0, "\(result.stdout)")
        let clear = "\r\u{1B}[2K"
        let segments = result.stdout.components(separatedBy: clear).dropFirst()
        #expect(segments.contains { $0.hasPrefix("[") }, "a bar was drawn: \(result.stdout.debugDescription)")
        // A line written after a bar without erasing it would sit in the bar's segment.
        for segment in segments where segment.hasPrefix("[") {
            #expect(segment.count < 80 && !segment.contains("\n"), "\(segment.count) columns: \(segment.debugDescription)")
        }
        #expect(segments.contains { $0.hasPrefix("copied 1 file(s)") }, "the summary starts on a cleared line")
        #expect(result.stdout.contains("verified 1 file(s)"))
    }
}
