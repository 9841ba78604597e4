import ArgumentParser
import SectorCheck
import SectorStore

struct SectorsGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic finalized sectors (exact names and sizes) into a store, for demos, benchmarks and tests."
    )

    @Option(name: .customLong("store"), help: "The store to write into.", transform: PathArgument.expand)
    var store: String

    @Option(name: .customLong("miner"), help: "Miner id (t01000, f01000 or 1000).", transform: MinerArgument.parse)
    var miner: MinerArgument

    @Option(name: .customLong("sector-size"), help: "2KiB, 8MiB, 512MiB, 32GiB or 64GiB.")
    var sectorSize: String = "2KiB"

    @Option(help: "First sector number.")
    var first: UInt64 = 1

    @Option(help: "How many sectors.")
    var count: Int = 1

    @Flag(help: "Make them snap-upgraded (update/ and update-cache/ next to the sector key).")
    var snap = false

    @Flag(help: "Sparse files (holes) instead of random data: for scanning tests with many sectors.")
    var sparse = false

    @Option(help: "Seed of the random data.")
    var seed: UInt64 = 1

    @Flag(help: "Consistent sectors that `ferry check` passes (canonical replica, tree-r-last, p_aux, t_aux); with --sparse the replica is a hole and the cache is built over zeros. 512MiB takes about a minute per sector on 2 cores.")
    var valid = false

    @Option(name: .customLong("damocles-states"), help: "With --valid: also write the damocles sector states (their CommRs) to this file, one JSON object per line.", transform: PathArgument.expand)
    var damoclesStates: String?

    func validate() throws {
        guard SectorSize(parsing: sectorSize) != nil else { throw ValidationError("--sector-size must be one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB") }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard damoclesStates == nil || valid else { throw ValidationError("--damocles-states needs --valid (only valid sectors have CommRs)") }
    }

    func run() async throws {
        let size = SectorSize(parsing: sectorSize)!
        if valid { return try generateValid(size) }
        let generator = StoreGenerator(store: store, content: sparse ? .sparse : .random(seed: seed))
        for number in first..<(first + UInt64(count)) {
            do {
                try generator.sector(SectorID(miner: miner.id, number: number), size: size, snapUpgraded: snap)
            } catch {
                Stderr.write("ferry: cannot write sector \(number): \(error)\n")
                throw ExitCode(1)
            }
        }
        print("wrote \(count) \(size)\(snap ? " snap-upgraded" : "") sector(s) of \(miner.id) into \(store)")
    }

    private func generateValid(_ size: SectorSize) throws {
        var generation = ValidStoreGeneration(store: store, miner: miner.id, size: size, numbers: first..<(first + UInt64(count)))
        generation.snapUpgraded = snap
        generation.sparse = sparse
        generation.seed = seed
        generation.statesFile = damoclesStates
        do {
            _ = try generation.run { id, sealed, update in
                print("\(id)  CommR \(sealed)" + (update.map { "  update CommR \($0)" } ?? ""))
            }
        } catch {
            Stderr.write("ferry: \(error)\n")
            throw ExitCode(1)
        }
        print("wrote \(count) valid \(size)\(snap ? " snap-upgraded" : "") sector(s) of \(miner.id) into \(store)")
    }
}
