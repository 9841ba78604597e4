import Foundation
import TransferIO

/// The paths of a command that `slurm-script` and `k8s-job` write into a job file. A job runs
/// in another directory (Slurm: wherever sbatch was called; a pod: the image's workdir), so
/// every path is made absolute here, where the user meant it.
public enum JobPaths {
    /// Options whose value is a path, in the commands that can be sharded.
    public static let pathOptions: Set<String> = ["--src", "--dest-path", "--dest-repo", "--journal", "--manifest", "--store", "--repo"]
    /// Options of copy, move and export files that take a value: that value is never a
    /// positional path. An option missing here is caught by the re-parse in `absolute`.
    public static let valueOptions: Set<String> = pathOptions.union([
        "--jobs", "--queue-depth", "--chunk-size", "--memory", "--io", "--shard", "--reflink", "--min-free", "--test-pause-at",
        "--bwlimit", "--bwlimit-device", "--io-priority", "--miner", "--numbers", "--exclude", "--check-challenges",
        "--chain-api", "--chain-token", "--deadline-margin", "--proving-bwlimit", "--defer", "--stats", "--test-pause-at",
    ])

    /// The words could not be told apart into paths and the rest; the CLI reports it as a usage error.
    public struct Unclear: Error, CustomStringConvertible, Sendable {
        public var description: String { "cannot tell which words of the command are paths; write its paths as absolute paths" }
    }

    /// A path as the job must see it: `~` expanded, made absolute, a trailing `/` kept (for
    /// copy and move it means "into this directory"). Absolute paths are left as written.
    public static func absolute(path: String) -> String {
        let expanded = HomePath.expand(path)
        guard !expanded.hasPrefix("/") || expanded != path else { return path }
        let full = FileSystem.absolute(expanded)
        return expanded.hasSuffix("/") && full != "/" ? full + "/" : full
    }

    /// `words` (a planned command) with every path made absolute, and those paths. Which words
    /// are positional paths only the command's parser knows, so the caller passes it in
    /// (`positionalPaths`: the parsed command's paths, or none for `export files`). Options'
    /// paths are rewritten before the command is parsed, as parsing checks that stores exist.
    public static func absolute(_ words: [String], positionalPaths: ([String]) throws -> [String]) throws -> (words: [String], paths: [String]) {
        var (out, paths) = optionPaths(words)
        let positional = try positionalPaths(out)
        var next = 0, afterDashes = false
        var index = positional.isEmpty ? words.count : 1  // copy/move: words[0] is the command's name
        while index < words.count {
            let word = words[index]
            if !afterDashes && word == "--" {
                afterDashes = true
            } else if !afterDashes && word.hasPrefix("-") && word != "-" {
                let (name, inline) = split(word)
                if inline == nil && valueOptions.contains(name) { index += 1 }
            } else if next < positional.count && word == positional[next] {
                out[index] = absolute(path: word)
                paths.append(out[index])
                next += 1
            }
            index += 1
        }
        // Re-read what will be written: the job must run the very command that was planned.
        guard try positionalPaths(out) == positional.map({ absolute(path: $0) }) else { throw Unclear() }
        return (out, paths)
    }

    /// The values of `pathOptions`, absolute, in `--opt value` and `--opt=value` form.
    private static func optionPaths(_ words: [String]) -> (words: [String], paths: [String]) {
        var out = words, paths: [String] = [], index = 0
        while index < words.count, words[index] != "--" {
            let (name, inline) = split(words[index])
            if let inline, pathOptions.contains(name) {
                out[index] = name + "=" + absolute(path: inline)
                paths.append(absolute(path: inline))
            } else if inline == nil && pathOptions.contains(name) && index + 1 < words.count {
                out[index + 1] = absolute(path: words[index + 1])
                paths.append(out[index + 1])
                index += 1
            }
            index += 1
        }
        return (out, paths)
    }

    /// The ferry binary a job runs: `given` (--ferry), else the installed `ferry` on `searchPath`
    /// (the caller's PATH), else the running one.
    public static func binary(_ given: String?, searchPath: String) -> String {
        if let given { return given.contains("/") || given.hasPrefix("~") ? absolute(path: given) : given }
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = FileSystem.absolute(String(directory)) + "/ferry"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "ferry"
    }

    /// A binary in a SwiftPM build directory (`.build`, `.build-*`) is replaced by the next
    /// `swift build`, or gone after a clean: no job should depend on it.
    public static func inBuildDirectory(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { $0 == ".build" || $0.hasPrefix(".build-") }
    }

    /// The paths no `--host-path` holds (a pod would not see them).
    public static func outside(_ paths: [String], hostPaths: [String]) -> [String] {
        let roots = hostPaths.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return paths.filter { path in
            let bare = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            return !roots.contains { bare == $0 || bare.hasPrefix($0 == "/" ? "/" : $0 + "/") }
        }
    }

    private static func split(_ word: String) -> (String, String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }
}
