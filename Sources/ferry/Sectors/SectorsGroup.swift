import ArgumentParser

struct SectorsGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sectors",
        abstract: "Inspect sector stores (damocles persist stores, lotus storage paths).",
        subcommands: [SectorsListCommand.self, SectorsGenerateCommand.self]
    )
}
