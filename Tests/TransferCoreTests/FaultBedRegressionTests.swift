import Foundation
import Synchronization
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Cases tools/faultbed found on real file systems, pinned down without mounts.
@Suite(.tags(.fast)) struct FaultBedRegressionTests {
    /// A bind mount or a symlinked directory makes the destination another name for the source.
    /// ferry took it for "already present" (or copied onto it) and then unlinked the source: the
    /// only copy was gone.
    @Test(arguments: [TransferMode.move, .copy], [false, true])
    func theSameFileUnderAnotherNameIsRefusedAndKept(mode: TransferMode, overwrite: Bool) throws {
        let scratch = Scratch()
        let bytes = scratch.file("store/cache/s-t01000-2/p_aux", size: 64, seed: 3)
        try FileManager.default.createSymbolicLink(atPath: scratch.sub("alias"), withDestinationPath: scratch.sub("store/cache"))
        let outcome = try Run.transfer([scratch.sub("store/cache/s-t01000-2/p_aux")], to: scratch.sub("alias/s-t01000-2/p_aux"),
                                       mode: mode, io: .posix) { $0.overwrite = overwrite }
        #expect(outcome.failed == 1)
        #expect(outcome.results.first?.failure?.contains("the source and the destination are the same file") == true, "\(outcome.results)")
        #expect(scratch.read("store/cache/s-t01000-2/p_aux") == bytes, "the file must survive")
    }

    /// Data appended to the source after its copy was read but before the move unlinks it
    /// exists nowhere else; the move must keep the source.
    @Test(.enabled(if: Host.shmIsAnotherFileSystem, "needs /dev/shm on another file system than the scratch directory, so a move copies"))
    func aSourceChangedAfterItsCopyIsNotUnlinked() throws {
        let scratch = Scratch()
        // A copy needs another file system than the scratch's (a rename reads nothing).
        let other = "/dev/shm/ferry-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: other) }
        try #require(try FileSystem.status(other).device != FileSystem.status(scratch.path).device, "a move to /dev/shm must copy")
        let original = XXH128Hasher.hash(scratch.file("src/sealed", size: 300_000, seed: 9))
        let source = scratch.sub("src/sealed")
        let status = try FileSystem.status(source)
        let item = TransferItem(source: source, destination: other + "/sealed", size: status.size,
                                permissions: status.permissions, modificationTime: status.modificationTime)
        var options = TransferOptions(mode: .move)
        options.io = .posix
        options.chunkSize = 64 << 10
        options.memoryBudget = 1 << 20
        let results = try TransferEngine.run([item], options: options, staging: { _ in other + "/.ferry/staging" },
                                             log: AppendOnCommitLog(path: source)) { _ in }
        #expect(results.count == 1 && results[0].failure?.contains("the source changed after it was copied") == true,
                "\(results.map { $0.failure ?? "ok" })")
        #expect(scratch.read("src/sealed")?.count == 300_001, "the source, with what was appended, is kept")
        #expect(FileManager.default.contents(atPath: other + "/sealed").map { XXH128Hasher.hash([UInt8]($0)) } == original,
                "the verified copy of what was read is in place")
    }

    /// A move of two trees where the first finished (and its emptied directory was removed) and
    /// the second failed: running the same command again must finish with no failure instead of
    /// reporting the finished tree as a missing source forever.
    @Test func resumingAfterAWholeSourceTreeWasMovedSucceeds() throws {
        let scratch = Scratch()
        scratch.file("store/sealed/s-t01000-1", size: 2048, seed: 1)
        let cache = scratch.file("store/cache/s-t01000-1/p_aux", size: 64, seed: 2)
        scratch.file("lotus/cache/s-t01000-1/p_aux", size: 64, seed: 99)   // a conflicting file
        let sources = [scratch.sub("store/sealed"), scratch.sub("store/cache")]
        let first = try Run.transfer(sources, to: scratch.sub("lotus") + "/", mode: .move, io: .posix)
        #expect(first.failed == 1)
        #expect(!scratch.exists("store/sealed"), "the finished tree's directory was removed")
        try FileManager.default.removeItem(atPath: scratch.sub("lotus/cache/s-t01000-1/p_aux"))
        let second = try Run.transfer(sources, to: scratch.sub("lotus") + "/", mode: .move, io: .posix)
        #expect(second.failed == 0, "\(second.problems) \(second.results.compactMap(\.failure))")
        #expect(scratch.read("lotus/cache/s-t01000-1/p_aux") == cache)
        #expect(scratch.exists("lotus/sealed/s-t01000-1") && !scratch.exists("store/cache/s-t01000-1/p_aux"))
    }
}

/// Every transition is durable at once; the moment a commit is recorded, the source grows by
/// one byte — the latest possible change before the move would unlink it.
final class AppendOnCommitLog: TransitionLog {
    let path: String
    init(path: String) { self.path = path }

    func record(_ transition: Transition) -> UInt64 {
        if transition.state == .committed, let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data([0x42]))
            try? handle.close()
        }
        return 0
    }
    func isDurable(_ ticket: UInt64) -> Bool { true }
    func waitForDurability() {}
    func flush() throws {}
    var failureReason: String? { nil }
}
