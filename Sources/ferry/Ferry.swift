import ArgumentParser

@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move Filecoin sector data between storage systems, verified before anything is deleted.",
        version: "0.1.0",
        subcommands: [
            // Each area registers its commands here, one line each.
            ImportCommand.self,
        ]
    )
}
