import Benchmark
import SectorProofs

/// Poseidon over BLS12-381 as `ferry check` uses it. One iteration = one hash, on one core; the
/// wall-clock median in µs is the figure to compare with neptune (~35 µs per H8, interpolated).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5), maxIterations: 200_000)

    // Inputs that are not small integers, so no limb is zero.
    var seed = Fr(hex: "091e073b982f66f013c026da6e54d87dbf8bba848ef57a5529c7e7f72c828843")!
    let inputs: [Fr] = (0..<8).map { _ in
        seed = seed * seed + Fr(3)
        return seed
    }
    _ = TreeHash.h8(inputs)  // derive the constants before measuring

    Benchmark("poseidon_h8") { benchmark in
        var node = inputs
        for _ in benchmark.scaledIterations {
            node[0] = TreeHash.h8(node)
        }
        blackHole(node[0])
    }

    Benchmark("poseidon_h2") { benchmark in
        var a = inputs[0]
        for _ in benchmark.scaledIterations {
            a = TreeHash.h2(a, inputs[1])
        }
        blackHole(a)
    }

    // The recomputation behind one spot check: 512 leaves (16 KiB) → 64 → 8 → 1, i.e. 73 H8.
    Benchmark("spot_check_73_h8", configuration: .init(maxIterations: 5_000)) { benchmark in
        let leaves = (0..<512).map { inputs[$0 % 8] + Fr(UInt64($0)) }
        for _ in benchmark.scaledIterations {
            var row = leaves
            while row.count > 1 {
                row = stride(from: 0, to: row.count, by: 8).map { TreeHash.h8(Array(row[$0..<$0 + 8])) }
            }
            blackHole(row[0])
        }
    }
}
