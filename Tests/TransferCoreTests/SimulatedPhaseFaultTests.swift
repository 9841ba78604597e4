import Foundation
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Faults at every single operation of one file's life (copy reads and writes, fsync, verify
/// re-reads), and move mode across file systems under random faults: the cases
/// SimulatedFaultTests leaves out.
@Suite(.tags(.fast)) struct SimulatedPhaseFaultTests {
    /// 200 000 bytes in 64 KiB chunks with one worker: 4 reads, 4 writes, 1 fsync, 4 verify reads.
    static let operations = 13

    @Test(arguments: [Errno.ioError, Errno.noSpace])
    func anErrorAtAnyOperationFailsTheFileAndKeepsTheSource(error: Errno) throws {
        let scratch = Scratch()
        let original = XXH128Hasher.hash(scratch.file("src/sealed", size: 200_000, seed: 4))
        var reasons: [String] = []
        for failAt in 0..<Self.operations {
            let destination = scratch.sub("dst\(failAt)")
            let outcome = try Run.transfer([scratch.sub("src/sealed")], to: destination + "/sealed", mode: .copy,
                                           io: .simulated(FaultPlan(seed: UInt64(failAt), failAt: [failAt: error]))) {
                $0.chunkSize = 64 << 10
                $0.memoryBudget = 512 << 10
                $0.jobs = 1
            }
            let failures = outcome.results.compactMap(\.failure)
            #expect(failures.count == 1, "failAt \(failAt): every operation belongs to the one file, so it must fail")
            reasons += failures
            #expect(scratch.read("src/sealed").map(XXH128Hasher.hash) == original, "failAt \(failAt): source damaged")
            #expect(!FileManager.default.fileExists(atPath: destination + "/sealed"), "failAt \(failAt): a failed file under its final name")
            #expect((try? FileSystem.listDirectory(destination + "/.ferry/staging"))?.isEmpty ?? true, "failAt \(failAt): staging left behind")
        }
        // Every phase was hit, each with its own words.
        #expect(reasons.contains { $0.hasPrefix("read failed") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("write failed") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("fsync of the destination failed") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("verification read failed") }, "\(reasons)")
        #expect(reasons.allSatisfy { $0.contains(error.description) })
    }

    @Test(arguments: [Errno.tryAgain, Errno.interrupted])
    func aRetryableAnswerAtAnyOperationIsRetried(error: Errno) throws {
        let scratch = Scratch()
        let original = XXH128Hasher.hash(scratch.file("src/sealed", size: 200_000, seed: 5))
        for failAt in 0..<Self.operations {
            let destination = scratch.sub("dst\(failAt)")
            let outcome = try Run.transfer([scratch.sub("src/sealed")], to: destination + "/sealed", mode: .copy,
                                           io: .simulated(FaultPlan(seed: 1, failAt: [failAt: error]))) {
                $0.chunkSize = 64 << 10
                $0.memoryBudget = 512 << 10
                $0.jobs = 1
            }
            #expect(outcome.failed == 0, "failAt \(failAt): \(outcome.results.compactMap(\.failure))")
            #expect(scratch.read("dst\(failAt)/sealed").map(XXH128Hasher.hash) == original, "failAt \(failAt)")
        }
    }

    /// A move to another file system (so it copies) under short transfers, EAGAIN, shuffled
    /// completions and random write errors: a file is either moved whole (source gone) or
    /// failed with its source whole; never both gone, never partial under its final name.
    @Test(.enabled(if: Host.shmIsAnotherFileSystem, "needs /dev/shm on another file system than the scratch directory, so a move copies"))
    func moveAcrossFileSystemsUnderRandomFaultsLosesNothing() throws {
        let scratch = Scratch()
        let other = "/dev/shm/ferry-sim-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: other) }
        try #require(try FileSystem.status(other).device != FileSystem.status(scratch.path).device, "a move to /dev/shm must copy")
        let sizes = [0, 64, 4097, 150_001]
        var originals: [String: Digest128] = [:]
        for (i, size) in sizes.enumerated() { originals["f\(i)"] = XXH128Hasher.hash(scratch.file("seed/f\(i)", size: size, seed: UInt64(i))) }
        var moved = 0, failed = 0
        for seed in UInt64(1)...150 {
            let source = scratch.sub("src\(seed)")
            try FileManager.default.copyItem(atPath: scratch.sub("seed"), toPath: source)
            let destination = other + "/dst\(seed)"
            let plan = FaultPlan(seed: seed, shortTransfer: 0.3, tryAgain: 0.1, reorder: true, writeErrorRate: 0.02,
                                 randomWriteError: seed % 2 == 0 ? .ioError : .noSpace)
            let outcome = try Run.transfer([source], to: destination, mode: .move, io: .simulated(plan)) {
                $0.chunkSize = 64 << 10
                $0.memoryBudget = 1 << 20
                $0.jobs = 1 + Int(seed % 2)
            }
            for (name, digest) in originals {
                let atSource = scratch.read("src\(seed)/\(name)").map(XXH128Hasher.hash)
                let atDestination = FileManager.default.contents(atPath: destination + "/" + name).map { XXH128Hasher.hash([UInt8]($0)) }
                #expect(atSource == digest || atDestination == digest, "seed \(seed): \(name) LOST")
                #expect(atDestination == nil || atDestination == digest, "seed \(seed): \(name) partial under its final name")
                #expect(!(atSource != nil && atDestination != nil), "seed \(seed): \(name) moved but its source is still there")
                if atDestination != nil { moved += 1 } else { failed += 1 }
            }
            #expect(outcome.failed == outcome.results.filter { !$0.succeeded }.count)
            try? FileManager.default.removeItem(atPath: destination)
            try? FileManager.default.removeItem(atPath: source)
        }
        // The fault rates are meant to produce both outcomes; a run with only one proves less.
        #expect(moved > 0 && failed > 0, "moved \(moved), failed \(failed)")
    }
}
