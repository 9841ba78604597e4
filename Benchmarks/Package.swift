// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that `swift build`/`swift test` of ferry never
// compile package-benchmark. Run: cd Benchmarks && swift package benchmark
let package = Package(
    name: "ferry-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ferry", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TransferBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "TransferCore", package: "ferry"),
                .product(name: "TransferHash", package: "ferry"),
                .product(name: "TransferIO", package: "ferry"),
            ],
            path: "Benchmarks/TransferBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Poseidon H2/H8 and one spot check's 73 H8 (ferry check).
        .executableTarget(
            name: "ProofBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "SectorProofs", package: "ferry"),
            ],
            path: "Benchmarks/ProofBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
