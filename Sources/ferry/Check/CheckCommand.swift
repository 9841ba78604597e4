import ArgumentParser
import Foundation
import ScaleOut
import SectorCheck
import SectorStore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Prove sealed sectors are intact from their files alone: cache, p_aux, CommR, replica spot checks (no lotus, no GPU).",
        discussion: """
            Per replica: file set and sizes; p_aux (two canonical elements); t_aux's rows_to_discard against the tree \
            files; every stored row of every tree-r-last file; the roots against p_aux's comm_r_last; CommR = \
            H2(comm_c, comm_r_last) as its sealed CID (compared with --from-json / --damocles-api / --lotus-repo when \
            given); then K seeded spot checks of the replica (16 KiB and 73 Poseidon hashes each), or every node with \
            --full. Exit status 0 when every sector is intact, 1 when any is not, 2 on usage errors.
            """
    )

    @Option(name: .customLong("store"), help: "A store to check (repeatable).", transform: PathArgument.expand)
    var stores: [String] = []

    @Option(name: .customLong("miner"), help: "Only this miner's sectors (t01000, f01000 or 1000).", transform: MinerArgument.parse)
    var miner: MinerArgument?

    @OptionGroup var sectorNumbers: SectorNumberOptions

    @Option(help: "Replica spot checks per replica (distinct lowest tree nodes).")
    var challenges: Int = 16

    @Option(help: "Seed of the spot-check positions (default: random, printed so the run can be repeated).")
    var seed: UInt64?

    @Flag(help: "Check every node of every replica (reads each sealed file once; hash-bound).")
    var full = false

    @Flag(help: "NDJSON on stdout: one sector event per sector, then a summary.")
    var json = false

    @Option(name: .customLong("from-json"), help: "damocles sector states (file or directory) to compare CommR with.", transform: PathArgument.expand)
    var fromJSON: String?

    @Option(name: .customLong("damocles-api"), help: "damocles-manager API (multiaddr or URL) whose offline sector states to compare CommR with.")
    var damoclesAPI: String?

    @Option(name: .customLong("damocles-token"), help: "Bearer token for --damocles-api.")
    var damoclesToken: String?

    @Option(name: .customLong("lotus-repo"), help: "lotus-miner repo whose /sectors/<n> records to compare CommR with (lotus-miner stopped); without --store, check its storage.json paths.", transform: PathArgument.expand)
    var lotusRepo: String?

    @Option(help: "Check only shard I of N (0-based, e.g. 0/4), byte-balanced by sector. Default: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX with FERRY_SHARD_COUNT, when set.")
    var shard: String?

    func validate() throws {
        if let shard { _ = try ShardChoice.parse(shard) }
        guard !stores.isEmpty || lotusRepo != nil else { throw ValidationError("give at least one --store PATH (or --lotus-repo R to check its storage paths)") }
        guard challenges >= 0 else { throw ValidationError("--challenges must be 0 or more") }
        guard [fromJSON, damoclesAPI, lotusRepo].compactMap({ $0 }).count <= 1 else {
            throw ValidationError("give one source of truth: --from-json, --damocles-api or --lotus-repo")
        }
        guard damoclesToken == nil || damoclesAPI != nil else { throw ValidationError("--damocles-token needs --damocles-api") }
    }

    func run() async throws {
        let output = CheckOutput(json: json)
        let sources: CheckSources
        do {
            sources = try await CheckSources.resolve(stores: stores, fromJSON: fromJSON, damoclesAPI: damoclesAPI,
                                                     damoclesToken: damoclesToken, lotusRepo: lotusRepo)
        } catch {
            output.error("ferry: \(error)")
            throw ExitCode(2)
        }
        // After the usage errors above (exit 2): a wrong store or miner would check "0 sectors" and pass.
        try StoreArguments.require(stores)
        if let miner, !stores.isEmpty { try StoreArguments.requireSectors(of: miner.id, in: stores) }
        let options = CheckOptions(challenges: challenges, seed: seed ?? UInt64.random(in: 0...UInt64.max), full: full)
        // A lotus repo speaks for one miner: other miners' sectors in the same paths are not its business.
        let request = CheckRequest(stores: sources.stores, miner: miner?.id ?? sources.truth?.miner, numbers: sectorNumbers.selection,
                                   options: options, truth: sources.truth)
        var sharded = request
        if let spec = try ShardChoice.resolve(shard, notice: { output.error("ferry: \($0)") }) { sharded.shard = (spec.index, spec.count) }
        let summary = CheckRun.run(sharded) { output.sector($0) }
        output.summary(summary, options)
        if !summary.ok { throw ExitCode(1) }
    }
}
