import ArgumentParser
import SectorStore

/// The stores a command was given (`--store`, `--src`), refused before anything is scanned or
/// created when they cannot be what was meant: a scan of them would report "0 sectors" and
/// succeed. Each refusal prints `ferry: …` and exits 1.
enum StoreArguments {
    static func require(_ stores: [String]) throws {
        do { try StoreCheck.validate(stores) } catch {
            Stderr.write("ferry: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// For a selection that came out empty: refuses when the stores hold no sector of `miner`
    /// at all (a typo'd miner), saying which miners they do hold.
    static func requireSectors(of miner: MinerID, in stores: [String]) throws {
        guard let problem = StoreCheck.noSectors(of: miner, in: stores) else { return }
        Stderr.write("ferry: \(problem)\n")
        throw ExitCode(1)
    }
}
