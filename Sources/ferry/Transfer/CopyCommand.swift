import ArgumentParser
import TransferCore

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy files and directory trees, verified from the device before they are committed.",
        discussion: """
        Each file is read with O_DIRECT, hashed (XXH128) as it streams, written under a staging name \
        in <destination>/.ferry/, synced, re-read from the device and compared, and only then renamed \
        to its final name. Run the same command again to resume an interrupted copy.
        """
    )

    @Argument(help: "Files or directories to copy, then the destination.", transform: PathArgument.expand)
    var paths: [String] = []

    @OptionGroup var flags: TransferFlags

    @Flag(name: .customLong("no-verify"), help: "Skip the read-back check (the data is still synced before it is committed).")
    var noVerify = false

    func validate() throws {
        guard paths.count >= 2 else { throw ValidationError("give at least one source and a destination: ferry copy SRC... DEST") }
    }

    func run() async throws {
        var options = flags.options(mode: .copy)
        options.verify = !noVerify
        try TransferCommandRunner(verb: "copied", paths: paths, flags: flags, options: options).run()
    }
}

struct MoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move files and directory trees: a rename on one file system, else a verified copy, then delete.",
        discussion: """
        On one file system (and one mount) a move is an atomic rename: no data is read. Otherwise the file \
        is copied like `ferry copy`, always verified from the device, committed, and the source is deleted \
        only after that commit is recorded durably in the journal. Run the same command again to resume.
        """
    )

    @Argument(help: "Files or directories to move, then the destination.", transform: PathArgument.expand)
    var paths: [String] = []

    @OptionGroup var flags: TransferFlags

    func validate() throws {
        guard paths.count >= 2 else { throw ValidationError("give at least one source and a destination: ferry move SRC... DEST") }
    }

    func run() async throws {
        try TransferCommandRunner(verb: "moved", paths: paths, flags: flags, options: flags.options(mode: .move)).run()
    }
}
