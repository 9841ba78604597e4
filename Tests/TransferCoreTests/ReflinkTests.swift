import Foundation
import Synchronization
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Issue 18: on one XFS (reflink on by default) a copy is a clone — no data written, no space
/// used, extents shared — and a move across two mounts of it clones, hashes the clone from the
/// device, then removes the source. ext4 cannot clone: `auto` copies, `always` fails the file.
@Suite(.serialized, .enabled(if: Host.canLoopMount, "needs root and mkfs.xfs/mkfs.ext4 (CI runs it as root)"), .tags(.root))
struct ReflinkTests {
    static let size = 24 << 20

    static func freeBytes(_ path: String) -> Int64 {
        var fs = statvfs()
        statvfs(path, &fs)
        return Int64(fs.f_bavail) * Int64(fs.f_frsize)
    }

    static func sharedExtents(_ path: String) throws -> Bool {
        try CLI.run(["-v", path], executable: "/usr/sbin/filefrag").stdout.contains("shared")
    }

    /// btrfs only where btrfs-progs is installed (tools/install-deps tries to).
    static let cloningFileSystems = ["xfs"] + (Host.hasBtrfs ? ["btrfs"] : [])

    @Test(arguments: cloningFileSystems)
    func copyOnOneFileSystemIsACloneThatUsesNoSpace(type: String) throws {
        let scratch = Scratch()
        let xfs = try LoopMount(scratch: scratch, name: type, type: type, size: 320 << 20)
        defer { xfs.unmount() }
        let bytes = Scratch.bytes(size: Self.size + 5, seed: 7)
        try FileManager.default.createDirectory(atPath: xfs.path + "/src", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: xfs.path + "/src/sealed", contents: Data(bytes))
        sync()
        let before = Self.freeBytes(xfs.path)
        let outcome = try Run.transfer([xfs.path + "/src"], to: xfs.path + "/dst", mode: .copy, io: .uring)
        #expect(outcome.failed == 0)
        #expect(outcome.results.first?.method == .reflink)
        #expect(outcome.results.first?.digest == XXH128Hasher.hash(bytes), "the digest is the clone's, read from the device")
        #expect(FileManager.default.contents(atPath: xfs.path + "/dst/sealed").map { XXH128Hasher.hash([UInt8]($0)) } == XXH128Hasher.hash(bytes))
        sync()
        #expect(before - Self.freeBytes(xfs.path) < Int64(Self.size / 4), "a clone takes (almost) no space")
        #expect(try Self.sharedExtents(xfs.path + "/dst/sealed"), "the destination shares the source's extents")
        #expect(FileManager.default.fileExists(atPath: xfs.path + "/src/sealed"), "a copy keeps its source")
    }

    /// A file large enough to be copied by several workers (`--segment-size`) is cloned whole:
    /// no segment was copied, so its verify pass is the plain whole-file hash of the clone.
    @Test func aFileThatCouldBeSplitIsClonedWhole() throws {
        let scratch = Scratch()
        let xfs = try LoopMount(scratch: scratch, name: "xfs", type: "xfs", size: 320 << 20)
        defer { xfs.unmount() }
        let bytes = Scratch.bytes(size: Self.size + 5, seed: 9)
        try FileManager.default.createDirectory(atPath: xfs.path + "/src", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: xfs.path + "/src/sealed", contents: Data(bytes))
        let claims = Mutex(0)
        let outcome = try Run.transfer([xfs.path + "/src"], to: xfs.path + "/dst", mode: .copy, io: .uring) {
            $0.splitSegment = 1 << 20
            $0.streamsPerDevice = 2
            $0.smallFile = 0
            $0.segmentClaimed = { _, _ in claims.withLock { $0 += 1 } }
        }
        #expect(outcome.failed == 0, "\(outcome.results.compactMap(\.failure))")
        #expect(outcome.results.first?.method == .reflink)
        #expect(outcome.results.first?.digest == XXH128Hasher.hash(bytes))
        #expect(claims.withLock { $0 } == 0, "a clone copies no segment")
    }

    @Test func moveAcrossTwoMountsOfOneXFSClonesThenRemovesTheSource() throws {
        let scratch = Scratch()
        let xfs = try LoopMount(scratch: scratch, name: "xfs", type: "xfs", size: 320 << 20)
        let bind = scratch.sub("bind")
        try FileManager.default.createDirectory(atPath: bind, withIntermediateDirectories: true)
        try LoopMount.sh("mount --bind \(xfs.path) \(bind)")
        defer { try? LoopMount.sh("umount \(bind)"); xfs.unmount() }
        let bytes = Scratch.bytes(size: Self.size, seed: 8)
        try FileManager.default.createDirectory(atPath: xfs.path + "/src/cache", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: xfs.path + "/src/cache/p_aux", contents: Data(bytes))
        let outcome = try Run.transfer([xfs.path + "/src"], to: bind + "/dst", mode: .move, io: .posix)
        #expect(outcome.failed == 0)
        #expect(outcome.results.map(\.method) == [.reflink], "EXDEV between the mounts, then a clone, not a copy")
        #expect(FileManager.default.contents(atPath: bind + "/dst/cache/p_aux").map { XXH128Hasher.hash([UInt8]($0)) } == XXH128Hasher.hash(bytes))
        #expect(!FileManager.default.fileExists(atPath: xfs.path + "/src/cache/p_aux"), "the source went after the clone was hashed and committed")
    }

    @Test func ext4CopiesUnderAutoAndFailsUnderAlways() throws {
        let scratch = Scratch()
        let ext4 = try LoopMount(scratch: scratch, name: "ext4", type: "ext4", size: 128 << 20)
        defer { ext4.unmount() }
        let bytes = Scratch.bytes(size: 1 << 20, seed: 9)
        try FileManager.default.createDirectory(atPath: ext4.path + "/src", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: ext4.path + "/src/f", contents: Data(bytes))
        let auto = try Run.transfer([ext4.path + "/src"], to: ext4.path + "/auto", mode: .copy, io: .uring)
        #expect(auto.failed == 0 && auto.results.first?.method == .copy)
        let always = try Run.transfer([ext4.path + "/src"], to: ext4.path + "/always", mode: .copy, io: .uring) { $0.reflink = .always }
        #expect(always.failed == 1)
        #expect(always.results.first?.failure?.contains("--reflink always") == true, "\(always.results.first?.failure ?? "")")
        #expect(!FileManager.default.fileExists(atPath: ext4.path + "/always/f"), "nothing under the final name")
        let never = try Run.transfer([ext4.path + "/src"], to: ext4.path + "/never", mode: .copy, io: .uring) { $0.reflink = .never }
        #expect(never.results.first?.method == .copy)
    }
}
