import Foundation
import Testing
import TransferCore
import TransferHash
import TransferIO

/// The engine's state machine under every fault the simulator injects: short reads and writes,
/// EAGAIN, shuffled completions, EIO and ENOSPC at chosen operations.
@Suite(.tags(.fast)) struct SimulatedFaultTests {
    @Test func survivesShortTransfersRetriesAndReorderingOverManySeeds() throws {
        let scratch = Scratch()
        var originals: [String: [UInt8]] = [:]
        for (i, size) in [0, 1, 4097, 300_000, 1_048_579].enumerated() {
            originals["f\(i)"] = scratch.file("src/f\(i)", size: size, seed: UInt64(i))
        }
        for seed in UInt64(1)...120 {
            let destination = scratch.sub("dst\(seed)")
            let plan = FaultPlan(seed: seed, shortTransfer: 0.3, tryAgain: 0.2, reorder: true)
            let outcome = try Run.transfer([scratch.sub("src")], to: destination, mode: .copy, io: .simulated(plan)) {
                $0.chunkSize = 64 << 10
                $0.memoryBudget = 1 << 20
                $0.jobs = 1 + Int(seed % 2)
            }
            #expect(outcome.failed == 0, "seed \(seed): \(outcome.results.compactMap(\.failure))")
            for (name, bytes) in originals {
                #expect(scratch.read("dst\(seed)/\(name)").map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes), "seed \(seed) \(name)")
            }
            try? FileManager.default.removeItem(atPath: destination)
        }
    }

    @Test(arguments: [Errno.ioError, Errno.noSpace])
    func anInjectedErrorFailsOnlyThatFileAndLosesNothing(error: Errno) throws {
        let scratch = Scratch()
        var originals: [String: [UInt8]] = [:]
        for i in 0..<4 { originals["f\(i)"] = scratch.file("src/f\(i)", size: 200_000 + i, seed: UInt64(i)) }
        for failAt in stride(from: 0, to: 40, by: 3) {
            let destination = scratch.sub("dst\(failAt)")
            let plan = FaultPlan(seed: UInt64(failAt), failAt: [failAt: error])
            let outcome = try Run.transfer([scratch.sub("src")], to: destination, mode: .copy, io: .simulated(plan)) {
                $0.chunkSize = 64 << 10
                $0.memoryBudget = 512 << 10
                $0.jobs = 1
            }
            for (name, bytes) in originals {
                let atSource = scratch.read("src/\(name)")
                let atDestination = scratch.read("dst\(failAt)/\(name)")
                #expect(atSource.map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes), "failAt \(failAt): \(name) source damaged")
                if let atDestination { #expect(XXH128Hasher.hash(atDestination) == XXH128Hasher.hash(bytes), "failAt \(failAt): \(name) incomplete under its final name") }
            }
            let failures = outcome.results.filter { !$0.succeeded }
            #expect(failures.count <= 1, "failAt \(failAt)")
            for failure in failures { #expect(failure.failure?.contains(error.description) == true || failure.failure?.contains("space") == true) }
            #expect(outcome.results.count - failures.count == originals.count - failures.count)
            #expect((try? FileSystem.listDirectory(destination + "/.ferry/staging"))?.isEmpty ?? true, "failAt \(failAt): staging left behind")
            try? FileManager.default.removeItem(atPath: destination)
        }
    }
}
