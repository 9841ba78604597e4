import ArgumentParser

/// `ferry export …` and its damocles spelling `ferry export-to-lotus …`. Both list the same
/// subcommands; add new ones (e.g. `files`) to `subcommandTypes` only.
enum ExportSubcommands {
    static let subcommandTypes: [any ParsableCommand.Type] = [
        ExportMetadataCommand.self,
        ExportFilesCommand.self,
    ]
}

struct ExportGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export damocles sectors to a lotus-miner.",
        usage: "ferry export [--miner <miner>] <subcommand>",
        subcommands: ExportSubcommands.subcommandTypes
    )

    /// damocles' place for --miner; the subcommands see the same value.
    @OptionGroup var target: MinerOption
}

struct ExportToLotusGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-to-lotus",
        abstract: "Same as `export` (damocles' name for it).",
        usage: "ferry export-to-lotus [--miner <miner>] <subcommand>",
        subcommands: ExportSubcommands.subcommandTypes
    )

    @OptionGroup var target: MinerOption
}
