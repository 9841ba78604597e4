import Benchmark
import Foundation
import TransferCore
import TransferHash
import TransferIO

let bytesPerSecond = BenchmarkMetric.custom("bytes_per_second", polarity: .prefersLarger, useScalingFactor: false)

/// A scratch file of `size` pseudo-random bytes on the disk that `FERRY_BENCH_DIR` names.
func scratchFile(_ name: String, size: Int) -> String {
    let directory = ProcessInfo.processInfo.environment["FERRY_BENCH_DIR"] ?? "/var/tmp/ferry-benchmarks"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/" + name
    if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == size { return path }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var data = Data(count: size)
    data.withUnsafeMutableBytes { raw in
        for i in raw.bindMemory(to: UInt64.self).indices {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            raw.bindMemory(to: UInt64.self)[i] = state
        }
    }
    FileManager.default.createFile(atPath: path, contents: data)
    return path
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal, bytesPerSecond],
                                           maxDuration: .seconds(10), maxIterations: 1000)

    // XXH128 over an 8 MiB buffer that stays in cache: the hashing ceiling (compare: xxhsum -b).
    // Bytes per second = throughput (iterations/s) × 8 MiB.
    Benchmark("xxh128_dispatch_8MiB", configuration: .init(maxIterations: 2000)) { benchmark in
        let buffer = [UInt8](repeating: 0x5A, count: 8 << 20)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var hasher = XXH128Hasher()
            buffer.withUnsafeBytes { hasher.update($0) }
            blackHole(hasher.digest())
        }
        benchmark.stopMeasurement()
    }

    // The engine copying (and verifying) one 1 GiB file, io_uring backend.
    for verify in [false, true] {
        Benchmark("engine_copy_1GiB_\(verify ? "verified" : "unverified")", configuration: .init(maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
            let source = scratchFile("source-1GiB", size: 1 << 30)
            let destination = FileSystem.parentDirectory(of: source) + "/copy-1GiB"
            for _ in benchmark.scaledIterations {
                try? FileManager.default.removeItem(atPath: destination)
                try? FileManager.default.removeItem(atPath: FileSystem.parentDirectory(of: source) + "/.ferry")
                var options = TransferOptions(mode: .copy)
                options.verify = verify
                let plan = TransferPlanner.plan(sources: [source], destination: destination)
                let start = ContinuousClock.now
                benchmark.startMeasurement()
                let session = try TransferSession(plan: plan, options: options, journalPath: nil, reset: true) { _ in }
                let outcome = try session.run(recheck: false) { _ in }
                session.journal.close()
                benchmark.stopMeasurement()
                precondition(outcome.failed == 0)
                let elapsed = (ContinuousClock.now - start).components
                let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
                benchmark.measurement(bytesPerSecond, Int(Double(1 << 30) / seconds))
            }
        }
    }
}
