import ArgumentParser
import Foundation

/// What ArgumentParser's own definitions say about one command: its flags and options by long
/// name, and its subcommands. Read from `_dumpHelp()` (the `--experimental-dump-help` JSON), so a
/// flag added to any command is known here without a list to maintain. Only built when a command
/// line failed to parse: dumping costs milliseconds per command.
struct CommandDefinition {
    let type: ParsableCommand.Type
    /// Long names of Bool (and other value-less) flags, without "--".
    let flags: Set<String>
    /// Long names of options that take a value.
    let options: Set<String>
    /// `plan`, `slurm-script`, `k8s-job`: everything after their own options is another command.
    let capturesUnrecognized: Bool

    init(_ type: ParsableCommand.Type) {
        self.type = type
        if ObjectIdentifier(type) == ObjectIdentifier(Ferry.self) {
            // The root has only ArgumentParser's built-ins; dumping it would dump every command.
            (flags, options, capturesUnrecognized) = (["help", "version", "experimental-dump-help"], ["generate-completion-script"], false)
            return
        }
        let arguments = (try? JSONDecoder().decode(Dump.self, from: Data(type._dumpHelp().utf8)))?.command.arguments ?? []
        func longNames(_ kind: String) -> Set<String> {
            Set(arguments.filter { $0.kind == kind }.flatMap { $0.names ?? [] }.filter { $0.kind == "long" }.map(\.name))
        }
        flags = longNames("flag").union(["help"])
        options = longNames("option")
        capturesUnrecognized = arguments.contains { $0.parsingStrategy == "allUnrecognized" }
    }

    /// Names (and aliases) a user may type for each subcommand; groups also take `help`.
    var subcommands: [(names: [String], type: ParsableCommand.Type)] {
        type.configuration.subcommands.map { ([$0._commandName] + $0.configuration.aliases, $0) }
    }

    var commandNames: [String] {
        subcommands.flatMap(\.names) + (subcommands.isEmpty ? [] : ["help"])
    }

    private struct Dump: Decodable {
        struct Command: Decodable { var arguments: [Argument]? }
        struct Argument: Decodable {
            var kind: String
            var names: [Name]?
            var parsingStrategy: String?
        }
        struct Name: Decodable {
            var kind: String
            var name: String
        }
        var command: Command
    }
}

/// The commands a command line names, from the root down, as ArgumentParser will descend.
struct CommandPath {
    var definitions: [CommandDefinition]
    /// Index of the first word that is neither an option nor a subcommand of the group reached:
    /// nil when the line reached a command that takes no subcommands.
    var unknownCommandAt: Int?
    /// Index where the invoked command's own words end (a captured inner command starts there).
    var end: Int

    init(_ words: [String]) {
        definitions = [CommandDefinition(Ferry.self)]
        unknownCommandAt = nil
        end = words.firstIndex(of: "--") ?? words.count
        var index = 0
        while index < end {
            let word = words[index], current = definitions[definitions.count - 1]
            if word.hasPrefix("-") && word.count > 1 {
                let takesNext = word.hasPrefix("--") && !word.contains("=") && current.options.contains(String(word.dropFirst(2)))
                index += takesNext ? 2 : 1
                continue
            }
            if current.capturesUnrecognized { end = index; return }
            if current.subcommands.isEmpty { return }
            guard let next = current.subcommands.first(where: { $0.names.contains(word) }) else {
                if word != "help" { unknownCommandAt = index }
                return
            }
            definitions.append(CommandDefinition(next.type))
            index += 1
        }
    }

    /// "ferry export files"
    var commandLine: String {
        (["ferry"] + definitions.dropFirst().map { $0.type._commandName }).joined(separator: " ")
    }
}
