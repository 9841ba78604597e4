import ArgumentParser
import SectorStore

/// `--miner` of `export` / `export-to-lotus` and of their subcommands. damocles takes it on the
/// parent (`damocles-manager util sealer sectors export --miner=t01000 files …`), ferry on either:
/// ArgumentParser parses the parent's option group first (from anywhere on the line) and hands the
/// same value to a subcommand that declares this group too.
struct MinerOption: ParsableArguments {
    @Option(name: .customLong("miner"),
            help: ArgumentHelp("The miner: t01000, f01000 or 1000 (also before the subcommand: export --miner=t01000 files …).", valueName: "miner"),
            transform: MinerArgument.parse)
    var miners: [MinerArgument] = []

    /// nil when no --miner was given.
    var miner: MinerID? { miners.first?.id }

    func validate() throws {
        // Given on the parent and on the subcommand, it must name the same miner.
        if let first = miners.first, let other = miners.first(where: { $0.id != first.id }) {
            throw ValidationError("--miner given twice, as \(first.id) and \(other.id): give one miner")
        }
    }
}
