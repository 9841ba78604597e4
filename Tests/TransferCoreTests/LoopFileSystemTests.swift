import Foundation
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Real file systems in loop devices: ext4 → xfs is a cross-file-system move (copy, verify,
/// delete), and a bind mount of one file system is EXDEV too.
@Suite(.serialized, .enabled(if: Host.canLoopMount, "loop mounts need root and mkfs.ext4/mkfs.xfs (CI runs them as root)"), .tags(.root))
struct LoopFileSystemTests {
    @Test func crossFileSystemMoveCopiesVerifiesAndDeletes() throws {
        let scratch = Scratch()
        let ext4 = try LoopMount(scratch: scratch, name: "ext4", type: "ext4", size: 256 << 20)
        let xfs = try LoopMount(scratch: scratch, name: "xfs", type: "xfs", size: 320 << 20)
        defer { xfs.unmount(); ext4.unmount() }
        var originals: [String: Digest128] = [:]
        for (i, size) in [0, 1, 4095, 4097, (1 << 20) + 1, (24 << 20) + 3].enumerated() {
            let relative = "src/d\(i % 2)/f\(i)"
            let bytes = Scratch.bytes(size: size, seed: UInt64(i))
            try FileManager.default.createDirectory(atPath: ext4.path + "/src/d\(i % 2)", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: ext4.path + "/" + relative, contents: Data(bytes))
            originals["d\(i % 2)/f\(i)"] = XXH128Hasher.hash(bytes)
        }
        for io in realBackends {
            let outcome = try Run.transfer([ext4.path + "/src"], to: xfs.path + "/dst-\(io.name)", mode: .move, io: io) {
                $0.corruptAfterSync = "f3"
            }
            let failed = outcome.results.filter { !$0.succeeded }
            #expect(failed.count == 1 && failed[0].failure!.contains("verification failed"))
            #expect(outcome.results.filter(\.succeeded).allSatisfy { $0.method == .copy })
            for (relative, digest) in originals {
                let moved = FileManager.default.contents(atPath: xfs.path + "/dst-\(io.name)/" + relative)
                let left = FileManager.default.contents(atPath: ext4.path + "/src/" + relative)
                if relative.hasSuffix("f3") {
                    #expect(moved == nil && left.map { XXH128Hasher.hash([UInt8]($0)) } == digest, "the corrupted file stays at its source only")
                } else {
                    #expect(moved.map { XXH128Hasher.hash([UInt8]($0)) } == digest, "\(relative) arrived")
                    #expect(left == nil, "\(relative) source deleted after verification")
                }
            }
            // Put the files back for the other backend.
            _ = try Run.transfer([xfs.path + "/dst-\(io.name)/d0", xfs.path + "/dst-\(io.name)/d1"], to: ext4.path + "/src/", mode: .move, io: io)
        }
    }

    @Test func bindMountOfTheSameFileSystemIsACopyNotARename() throws {
        let scratch = Scratch()
        let ext4 = try LoopMount(scratch: scratch, name: "ext4", type: "ext4", size: 128 << 20)
        defer { ext4.unmount() }
        try FileManager.default.createDirectory(atPath: ext4.path + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: ext4.path + "/b", withIntermediateDirectories: true)
        let bind = scratch.sub("bind")
        try FileManager.default.createDirectory(atPath: bind, withIntermediateDirectories: true)
        try LoopMount.sh("mount --bind \(ext4.path)/b \(bind)")
        defer { try? LoopMount.sh("umount \(bind)") }
        let bytes = Scratch.bytes(size: 3 << 20, seed: 5)
        _ = FileManager.default.createFile(atPath: ext4.path + "/a/sealed", contents: Data(bytes))
        let outcome = try Run.transfer([ext4.path + "/a/sealed"], to: bind + "/sealed", mode: .move, io: .uring)
        #expect(outcome.results.first?.method == .copy, "rename across mounts is EXDEV, so ferry copies")
        #expect(FileManager.default.contents(atPath: ext4.path + "/b/sealed").map { XXH128Hasher.hash([UInt8]($0)) } == XXH128Hasher.hash(bytes))
        #expect(!FileManager.default.fileExists(atPath: ext4.path + "/a/sealed"))
    }
}
