import ArgumentParser
import Glibc

@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move Filecoin sector data between storage systems, verified before anything is deleted.",
        version: "0.1.0",
        subcommands: [
            // Each area registers its commands here, one line each.
            CopyCommand.self,
            MoveCommand.self,
            VerifyCommand.self,
            StatusCommand.self,
            ExportGroup.self,
            ExportToLotusGroup.self,
            LotusGroup.self,
            ImportCommand.self,
            SectorsGroup.self,
        ]
    )

    /// Exit status contract: 0 all done, 1 something failed, 2 usage error (ArgumentParser's
    /// own default for usage errors is 64, which scripts written for cp/damocles do not expect).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Stderr.write(fullMessage(for: error) + "\n")
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}

enum Stderr {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
