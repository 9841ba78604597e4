// swift-tools-version: 6.1
import PackageDescription

// C stays in small shim modules; each is imported by exactly one Swift module
// (CLiburing and CLinuxShims → TransferIO, CXXHash → TransferHash, CLevelDB → KVStore), so no C type
// reaches the engine, the domain modules or the CLI.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "TransferCore", targets: ["TransferCore"]),
        .library(name: "TransferHash", targets: ["TransferHash"]),
        .library(name: "TransferIO", targets: ["TransferIO"]),
        .library(name: "SectorProofs", targets: ["SectorProofs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "CLiburing",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("uring")]
        ),
        .target(name: "CLinuxShims"),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        .systemLibrary(name: "CLevelDB", providers: [.apt(["libleveldb-dev"])]),

        .target(name: "TransferIO", dependencies: ["CLiburing", "CLinuxShims"], swiftSettings: swiftSettings),
        .target(name: "TransferHash", dependencies: ["CXXHash"], swiftSettings: swiftSettings),
        .target(name: "KVStore", dependencies: ["CLevelDB"], swiftSettings: swiftSettings),
        .target(
            name: "TransferCore",
            dependencies: ["TransferIO", "TransferHash", "KVStore"],
            swiftSettings: swiftSettings
        ),
        // Many hosts, one run: ShardSpec, the byte-balanced partition frozen as a shard map, the run
        // log, the merged shard report, and the Slurm / Kubernetes job text. Built on TransferCore's
        // plans and journals; TransferCore knows nothing of shards.
        .target(name: "ScaleOut", dependencies: ["TransferCore", "TransferIO"], swiftSettings: swiftSettings),
        .target(name: "SectorStore", dependencies: ["TransferIO", "SectorProofs"], swiftSettings: swiftSettings),
        // The damocles → lotus file export (`export files`): resume, clash and space refusals, the
        // session run with per-sector source removal, WindowPoSt scheduling; it emits events the
        // CLI renders as damocles' lines or NDJSON.
        .target(
            name: "SectorExport",
            dependencies: ["SectorStore", "TransferCore", "ScaleOut", "TransferIO", "TransferHash", "FerryRPC", "LotusMetadata"],
            swiftSettings: swiftSettings
        ),
        .target(name: "LotusMetadata", dependencies: ["KVStore"], swiftSettings: swiftSettings),
        .target(name: "FerryRPC", dependencies: ["LotusMetadata"], swiftSettings: swiftSettings),
        // Poseidon over BLS12-381 Fr as Filecoin uses it, tree-r-last geometry, p_aux/t_aux: pure
        // computation, no I/O. SectorCheck reads stores with it (ferry check).
        // Optimized even in debug builds: unoptimized, one field multiplication takes ~20 µs instead
        // of ~20 ns, and a debug `ferry check` (the CLI tests run one) would need minutes per sector.
        .target(
            name: "SectorProofs",
            path: "Sources/SectorProofs/Core",
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "SectorCheck",
            dependencies: ["SectorProofs", "TransferIO", "TransferCore", "ScaleOut", "SectorStore", "LotusMetadata", "FerryRPC"],
            path: "Sources/SectorProofs/Check",
            swiftSettings: swiftSettings
        ),
        // Scratch directories, seeded bytes, loop mounts, the process runner, host conditions and
        // tags, shared by every test target (each re-exports it from its Support.swift).
        .target(name: "FerryTestSupport", dependencies: ["TransferHash"], path: "Tests/FerryTestSupport", swiftSettings: swiftSettings),
        // Fake lotus-miner / damocles-manager JSON-RPC servers, used by tests only.
        .target(name: "RPCTestServers", dependencies: [], path: "Tests/RPCTestServers", swiftSettings: swiftSettings),
        .executableTarget(
            name: "ferry",
            dependencies: [
                "TransferCore", "ScaleOut", "TransferIO", "TransferHash", "LotusMetadata", "FerryRPC", "SectorStore", "SectorExport", "SectorCheck", "SectorProofs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "TransferHashTests", dependencies: ["FerryTestSupport", "TransferHash"], swiftSettings: swiftSettings),
        .testTarget(name: "TransferIOTests", dependencies: ["FerryTestSupport", "TransferIO"], swiftSettings: swiftSettings),
        .testTarget(name: "SectorStoreTests", dependencies: ["FerryTestSupport", "SectorStore", "TransferIO"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SectorExportTests",
            dependencies: ["FerryTestSupport", "SectorExport", "SectorStore", "TransferCore", "TransferIO", "LotusMetadata"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "KVStoreTests", dependencies: ["FerryTestSupport", "KVStore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TransferCoreTests",
            dependencies: ["FerryTestSupport", "TransferCore", "TransferIO", "TransferHash", "KVStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ScaleOutTests", dependencies: ["FerryTestSupport", "ScaleOut", "TransferCore", "TransferIO"], swiftSettings: swiftSettings),
        .testTarget(name: "LotusMetadataTests", dependencies: ["FerryTestSupport", "LotusMetadata", "KVStore"], swiftSettings: swiftSettings),
        .testTarget(name: "FerryRPCTests", dependencies: ["FerryTestSupport", "FerryRPC", "RPCTestServers"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SectorProofsTests",
            dependencies: ["FerryTestSupport", "SectorProofs", "SectorCheck", "SectorStore", "LotusMetadata", "TransferIO"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FerryCLITests", dependencies: ["FerryTestSupport", "TransferHash", "RPCTestServers", "KVStore"], swiftSettings: swiftSettings),
    ]
)
