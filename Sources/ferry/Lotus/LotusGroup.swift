import ArgumentParser

/// `ferry lotus …`: read a (stopped) lotus-miner's datastore the way lotus will.
struct LotusGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lotus",
        abstract: "Inspect a lotus-miner repo, or attach a store to it in place.",
        subcommands: [LotusSectorsCommand.self, LotusNumbersCommand.self, LotusAttachCommand.self]
    )
}
