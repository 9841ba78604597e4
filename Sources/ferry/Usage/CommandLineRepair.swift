import ArgumentParser

/// A command line ArgumentParser refused, looked at again the way damocles users write it:
/// urfave/cli takes `--reserve=true` / `--only-next-number=false` for Bool flags, which
/// ArgumentParser refuses; and a typo'd command or option gets a "did you mean".
struct CommandLineRepair {
    let words: [String]
    let path: CommandPath

    init(_ words: [String]) {
        self.words = words
        path = CommandPath(words)
    }

    /// `--flag=true` → `--flag`, `--flag=false` → nothing, for every flag of the commands the line
    /// names (values as Go's strconv.ParseBool reads them). Other values are a usage error.
    func booleanFlagsSpelledOut() throws(CommandLineProblem) -> [String] {
        let flags = path.definitions.reduce(into: Set<String>()) { $0.formUnion($1.flags) }
        var out: [String] = []
        for (index, word) in words.enumerated() {
            guard index < path.end, word.hasPrefix("--"), let equals = word.firstIndex(of: "="),
                  flags.contains(String(word[word.index(word.startIndex, offsetBy: 2)..<equals])) else {
                out.append(word)
                continue
            }
            let flag = String(word[..<equals]), value = String(word[word.index(after: equals)...])
            switch value {
            case "1", "t", "T", "TRUE", "true", "True": out.append(flag)
            case "0", "f", "F", "FALSE", "false", "False": continue
            default: throw CommandLineProblem("\(flag) is a flag: write \(flag), \(flag)=true or \(flag)=false (not '\(value)')")
            }
        }
        return out
    }

    /// "did you mean" for a mistyped subcommand or option, or nil when nothing is close.
    func typo() -> CommandLineProblem? {
        let reached = path.definitions[path.definitions.count - 1]
        if let index = path.unknownCommandAt {
            guard let match = Spelling.closest(to: words[index], among: reached.commandNames) else { return nil }
            return CommandLineProblem("unknown command '\(words[index])' for '\(path.commandLine)'; did you mean \(match)?")
        }
        let known = path.definitions.reduce(into: Set<String>()) { $0.formUnion($1.flags.union($1.options)) }
        for word in words[..<path.end] where word.hasPrefix("--") && word.count > 2 {
            let name = String(word.dropFirst(2).prefix { $0 != "=" })
            guard !known.contains(name) else { continue }
            guard let match = Spelling.closest(to: name, among: Array(known)) else { return nil }
            return CommandLineProblem("unknown option --\(name) for '\(path.commandLine)'; did you mean --\(match)?")
        }
        return nil
    }
}

/// A usage error found by ferry rather than ArgumentParser, exit status 2 either way. Thrown
/// while repairing the command line, `Ferry.main` prints it as "ferry: …"; thrown from an
/// option's `transform` (`--numbers`, `--miner`), ArgumentParser shows it after "The value 'x'
/// is invalid for '--numbers <numbers>': ".
struct CommandLineProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum Spelling {
    /// The candidate nearest to `word` (optimal string alignment distance, so a swap of two
    /// neighbours counts once), if it is near enough to be the intended word; or the only
    /// candidate `word` begins (`meta` → metadata).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = word.count <= 3 ? 1 : 2
        let ranked = candidates.map { ($0, distance(word, $0)) }.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        if let best = ranked.first, best.1 <= limit { return best.0 }
        let extended = candidates.filter { word.count >= 3 && $0.hasPrefix(word) }
        return extended.count == 1 ? extended[0] : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

extension Ferry {
    /// `parseAsRoot`, and when ArgumentParser refuses the line: spell out `--flag=true|false` and
    /// parse again, or name the likely typo. Help, version and a command's own exit are left alone.
    static func parseRepairing(_ words: [String]) throws -> ParsableCommand {
        do {
            return try parseAsRoot(words)
        } catch {
            if error is ExitCode || exitCode(for: error) == .success { throw error }
            let repair = CommandLineRepair(words)
            let spelledOut = try repair.booleanFlagsSpelledOut()
            if spelledOut != words { return try parseRepairing(spelledOut) }
            if let typo = repair.typo() { throw typo }
            throw error
        }
    }
}
