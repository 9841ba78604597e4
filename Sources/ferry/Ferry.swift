import ArgumentParser
import Glibc
import TransferIO

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
            ThrottleCommand.self,
            ExportGroup.self,
            ExportToLotusGroup.self,
            LotusGroup.self,
            ImportCommand.self,
            SectorsGroup.self,
            BenchCommand.self,
            PlanCommand.self,
            ReportCommand.self,
            SlurmScriptCommand.self,
            K8sJobCommand.self,
            CheckCommand.self,
        ]
    )

    /// Exit status contract: 0 all done, 1 something failed, 2 usage error (ArgumentParser's
    /// own default for usage errors is 64, which scripts written for cp/damocles do not expect).
    static func main() async {
        do {
            var command = try parseRepairing(arguments())
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let problem as CommandLineProblem {
            Stderr.write("ferry: \(problem)\n")
            Glibc.exit(2)
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

extension Ferry {
    /// argv as bytes, decoded losslessly: a path argument that is not valid UTF-8 must reach the
    /// syscalls as the same bytes (Swift's CommandLine.arguments would repair it into another name).
    static func arguments() -> [String] {
        (1..<Int(CommandLine.argc)).map { index in
            guard let pointer = CommandLine.unsafeArgv[index] else { return "" }
            return PathBytes.decode(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
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
