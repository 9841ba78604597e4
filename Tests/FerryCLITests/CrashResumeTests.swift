import Foundation
import Testing
import TransferHash

/// SIGKILL after N journal transitions, for N over the whole run, then resume: no file is ever
/// lost, nothing incomplete sits under a final name, and the end state equals the source.
@Suite(.serialized, .tags(.binary, .slow)) struct CrashResumeTests {
    @Test func killedAtEveryPointAndResumedNothingIsLost() throws {
        let root = TempDir()
        var mounts: [LoopMount] = []
        defer { for mount in mounts.reversed() { mount.unmount() } }
        // A move across file systems is the dangerous case; where loop mounts work (root), use
        // two real ones, else copy within one file system.
        var source = root.path + "/src", destination = root.path + "/dst", mode = "copy"
        if Host.canLoopMount {
            mounts.append(try LoopMount(scratch: root, name: "a", type: "ext4", size: 320 << 20))
            mounts.append(try LoopMount(scratch: root, name: "b", type: "xfs", size: 320 << 20))
            source = mounts[0].path + "/src"
            destination = mounts[1].path + "/dst"
            mode = "move"
        }
        let sizes = [0, 1, 4095, 4097, 65_537, 300_001, 1 << 20, (2 << 20) + 7, 123, 5000]
        var originals: [String: Digest128] = [:]
        let seedDir = root.path + "/originals"
        for (i, size) in sizes.enumerated() {
            originals["sub\(i % 3)/f\(i)"] = root.write("originals/sub\(i % 3)/f\(i)", size: size, seed: UInt64(i))
        }
        // planned + copying + synced + verified + committed (+ source-removed) per file.
        let transitions = sizes.count * (mode == "move" ? 6 : 5)
        var killPoints = Array(stride(from: 1, through: transitions, by: max(1, transitions / 56)))
        if killPoints.count < 50 { killPoints = Array(1...transitions) }
        var killed = 0
        for (round, point) in killPoints.enumerated() {
            _ = try CLI.sh("rm -rf '\(source)' '\(destination)' '\((destination as NSString).deletingLastPathComponent)/.ferry' && mkdir -p '\(source)' && cp -a '\(seedDir)/.' '\(source)/'")
            let io = round % 2 == 0 ? "uring" : "posix"
            // Every other pair of rounds, the two larger files are copied by both workers at once,
            // 256 KiB segments each (`SplitShare`): the same journal, the same invariants.
            let split = round % 4 >= 2 ? ["--segment-size", "256KiB", "--streams-per-device", "2"] : []
            let args = [mode, source + "/", destination, "--io", io, "--chunk-size", "64KiB", "--memory", "1MiB", "--jobs", "2"] + split
            let first = try CLI.run(args, environment: ["FERRY_TEST_KILL_AFTER": "\(point)"])
            if first.killed { killed += 1 }
            try checkInvariants(originals, source: source, destination: destination, context: "after kill at \(point) (\(io))")
            let resumed = try CLI.run(args)
            #expect(resumed.status == 0, "resume after kill at \(point): \(resumed.stderr)")
            try checkInvariants(originals, source: source, destination: destination, context: "after resume from \(point)")
            for (relative, digest) in originals {
                #expect(digestOf(destination + "/" + relative) == digest, "\(relative) missing or wrong at the end (kill at \(point))")
                if mode == "move" { #expect(!FileManager.default.fileExists(atPath: source + "/" + relative), "\(relative) source left after a finished move") }
            }
        }
        #expect(killPoints.count >= 50)
        #expect(killed >= killPoints.count * 9 / 10, "the kill hook fired in most rounds (\(killed) of \(killPoints.count))")
    }

    private func checkInvariants(_ originals: [String: Digest128], source: String, destination: String, context: String) throws {
        for (relative, digest) in originals {
            let atSource = digestOf(source + "/" + relative)
            let atDestination = digestOf(destination + "/" + relative)
            #expect(atSource == digest || atDestination == digest, "\(relative) lost \(context)")
            if let atDestination { #expect(atDestination == digest, "\(relative) incomplete under its final name \(context)") }
        }
        // Nothing but the planned files under final names.
        let enumerator = FileManager.default.enumerator(atPath: destination)
        while let name = enumerator?.nextObject() as? String {
            if name.hasPrefix(".ferry") { enumerator?.skipDescendants(); continue }
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: destination + "/" + name, isDirectory: &isDir)
            if !isDir.boolValue { #expect(originals[name] != nil, "unexpected file \(name) \(context)") }
        }
    }

    private func digestOf(_ path: String) -> Digest128? {
        FileManager.default.contents(atPath: path).map { XXH128Hasher.hash([UInt8]($0)) }
    }
}
