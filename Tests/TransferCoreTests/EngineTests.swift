import Foundation
import Testing
import TransferCore
import TransferHash
import TransferIO

let realBackends: [IOBackendKind] = [.uring, .posix]

@Suite(.tags(.fast)) struct EngineTests {
    static let sizes = [0, 1, 4095, 4096, 4097, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (64 << 20) + 3]

    @Test(arguments: realBackends)
    func copiesEveryAwkwardSizeByteForByte(io: IOBackendKind) throws {
        let scratch = Scratch()
        var expected: [String: [UInt8]] = [:]
        for (i, size) in Self.sizes.enumerated() {
            expected["f\(size)"] = scratch.file("src/dir\(i % 3)/f\(size)", size: size, seed: UInt64(i))
        }
        let outcome = try Run.transfer([scratch.sub("src")], to: scratch.sub("dst"), mode: .copy, io: io)
        #expect(outcome.failed == 0)
        #expect(outcome.results.count == Self.sizes.count)
        for (i, size) in Self.sizes.enumerated() {
            let copy = scratch.read("dst/dir\(i % 3)/f\(size)")
            #expect(copy.map(XXH128Hasher.hash) == XXH128Hasher.hash(expected["f\(size)"]!), "size \(size)")
            #expect(scratch.exists("src/dir\(i % 3)/f\(size)"), "copy keeps the source")
        }
        for result in outcome.results {
            #expect(result.method == .copy)
            #expect(result.digest == XXH128Hasher.hash(expected[FileSystem.baseName(of: result.item.source)]!))
        }
        #expect(((try? FileSystem.listDirectory(scratch.sub("dst/.ferry/staging"))) ?? []).isEmpty, "no staging leftovers")
    }

    @Test(arguments: realBackends)
    func moveOnOneFileSystemIsARename(io: IOBackendKind) throws {
        let scratch = Scratch()
        scratch.file("src/a/big", size: 3 << 20)
        scratch.file("src/b", size: 10)
        let inode = try FileSystem.status(scratch.sub("src/a/big")).inode
        let outcome = try Run.transfer([scratch.sub("src")], to: scratch.sub("dst"), mode: .move, io: io)
        #expect(outcome.failed == 0)
        #expect(outcome.results.allSatisfy { $0.method == .rename })
        #expect(try FileSystem.status(scratch.sub("dst/a/big")).inode == inode)
        #expect(!scratch.exists("src"), "emptied source directories are removed")
    }

    @Test(arguments: realBackends)
    func corruptionBetweenWriteAndVerifyIsCaughtAndTheSourceKept(io: IOBackendKind) throws {
        let scratch = Scratch()
        let original = scratch.file("src/victim", size: (2 << 20) + 5)
        scratch.file("src/fine", size: 12345)
        let outcome = try Run.transfer([scratch.sub("src/victim"), scratch.sub("src/fine")], to: scratch.sub("dst") + "/", mode: .copy, io: io) {
            $0.corruptAfterSync = "victim"
        }
        let victim = try #require(outcome.results.first { $0.item.source.hasSuffix("victim") })
        #expect(victim.failure?.contains("verification failed") == true)
        #expect(scratch.read("src/victim").map(XXH128Hasher.hash) == XXH128Hasher.hash(original), "the source is kept intact")
        #expect(!scratch.exists("dst/victim"), "nothing under the final name")
        #expect(scratch.read("dst/fine") == scratch.read("src/fine"), "the other file goes on")
        #expect(((try? FileSystem.listDirectory(scratch.sub("dst/.ferry/staging"))) ?? []).isEmpty, "the damaged staging file is removed")
    }

    @Test func existingDestinationsAreNeverSilentlyOverwritten() throws {
        let scratch = Scratch()
        let same = scratch.file("src/same", size: 5000, seed: 7)
        scratch.file("dst/same", size: 5000, seed: 7)
        scratch.file("src/differs", size: 5000, seed: 8)
        let theirs = scratch.file("dst/differs", size: 5000, seed: 9)
        scratch.file("src/size", size: 10)
        scratch.file("dst/size", size: 11)
        let outcome = try Run.transfer([scratch.sub("src/same"), scratch.sub("src/differs"), scratch.sub("src/size")],
                                       to: scratch.sub("dst"), mode: .copy, io: .uring)
        let byName = Dictionary(uniqueKeysWithValues: outcome.results.map { (FileSystem.baseName(of: $0.item.source), $0) })
        #expect(byName["same"]?.method == .alreadyPresent)
        #expect(byName["differs"]?.failure?.contains("different content") == true)
        #expect(byName["size"]?.failure?.contains("different size") == true)
        #expect(scratch.read("dst/differs") == theirs)
        #expect(scratch.read("dst/same") == same)

        let again = try Run.transfer([scratch.sub("src/differs")], to: scratch.sub("dst"), mode: .copy, io: .uring) {
            $0.overwrite = true
        }
        #expect(again.failed == 0)
        #expect(scratch.read("dst/differs") == scratch.read("src/differs"))
    }

    @Test func badInputIsRefusedWithAReasonAndTheRestGoesOn() throws {
        let scratch = Scratch()
        scratch.file("src/ok", size: 100)
        scratch.file("src/inner/x", size: 1)
        symlink("/etc/passwd", scratch.sub("src/link"))
        let plan = TransferPlanner.plan(sources: [scratch.sub("missing"), scratch.sub("src"), scratch.sub("src/ok")], destination: scratch.sub("src/inner"))
        let messages = plan.problems.map(\.message).joined(separator: "\n")
        #expect(messages.contains("No such file"))
        #expect(messages.contains("inside the source"))
        let same = TransferPlanner.plan(sources: [scratch.sub("src/ok")], destination: scratch.sub("src/ok"))
        #expect(same.problems.first?.message.contains("same file") == true)
        let withLink = TransferPlanner.plan(sources: [scratch.sub("src")], destination: scratch.sub("out"))
        #expect(withLink.problems.contains { $0.path.hasSuffix("link") && $0.message.contains("symbolic link") })
        #expect(withLink.items.count == 2)
    }

    @Test func modeAndModificationTimeArePreserved() throws {
        let scratch = Scratch()
        scratch.file("src/f", size: 9000)
        chmod(scratch.sub("src/f"), 0o640)
        var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 123_456_789), timespec(tv_sec: 1_600_000_000, tv_nsec: 123_456_789)]
        utimensat(AT_FDCWD, scratch.sub("src/f"), &times, 0)
        _ = try Run.transfer([scratch.sub("src/f")], to: scratch.sub("dst/f"), mode: .copy, io: .uring)
        let status = try FileSystem.status(scratch.sub("dst/f"))
        #expect(status.permissions == 0o640)
        #expect(status.modificationTime == Timestamp(seconds: 1_600_000_000, nanoseconds: 123_456_789))
    }

    @Test func verifyHashesMatchTheFileContent() throws {
        let scratch = Scratch()
        let a = scratch.file("a", size: (3 << 20) + 17)
        let b = scratch.file("b", size: 0)
        var options = TransferOptions(mode: .copy)
        options.chunkSize = 1 << 20
        let digests = try TransferEngine.hash([scratch.sub("a"), scratch.sub("b"), scratch.sub("nope")], options: options) { _ in }
        #expect(try digests[scratch.sub("a")]?.get() == XXH128Hasher.hash(a))
        #expect(try digests[scratch.sub("b")]?.get() == XXH128Hasher.hash(b))
        if case .failure(let failure)? = digests[scratch.sub("nope")] {
            #expect(failure.message == "missing")
        } else {
            Issue.record("a missing file must be reported as missing")
        }
    }
}
