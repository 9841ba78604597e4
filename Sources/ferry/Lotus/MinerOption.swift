import ArgumentParser
import SectorStore

/// `--miner` of `export` / `export-to-lotus` and of their subcommands. damocles takes it on the
/// parent (`damocles-manager util sealer sectors export --miner=t01000 files …`), ferry on either:
/// ArgumentParser parses the parent's option group first (from anywhere on the line) and hands the
/// same value to a subcommand that declares this group too.
struct MinerOption: ParsableArguments {
    // Kept as typed: each command reports a bad value in its own usage-error format.
    @Option(name: .customLong("miner"),
            help: ArgumentHelp("The miner: t01000, f01000 or 1000 (also before the subcommand: export --miner=t01000 files …).", valueName: "miner"))
    var miners: [String] = []

    /// nil when no --miner was given (or it is malformed: see `problem`).
    var miner: MinerID? { miners.lazy.compactMap(MinerID.init(parsing:)).first }

    /// A malformed --miner, two different miners, or none: the usage error to print.
    var problem: String? {
        if let bad = miners.first(where: { MinerID(parsing: $0) == nil }) { return "--miner \(bad): \(MinerArgument.problem(bad))" }
        if let first = miner, let other = miners.compactMap(MinerID.init(parsing:)).first(where: { $0 != first }) {
            return "--miner given twice, as \(first) and \(other): give one miner"
        }
        return miners.isEmpty ? "give the miner: --miner t01000 (on export or after the subcommand)" : nil
    }

    func validate() throws {
        // Only the conflict here: the subcommand reports the rest in its own format.
        if let first = miner, let other = miners.compactMap(MinerID.init(parsing:)).first(where: { $0 != first }) {
            throw ValidationError("--miner given twice, as \(first) and \(other): give one miner")
        }
    }
}
