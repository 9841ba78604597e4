import ArgumentParser
import ScaleOut

extension PlannedCommand {
    /// The planned command with every path absolute, and those paths (`JobPaths.absolute`): the
    /// command's own parser says which words are positional paths.
    static func absolutePaths(_ words: [String]) throws -> (words: [String], paths: [String]) {
        do {
            return try JobPaths.absolute(words) { try positionalPaths(parse($0)) }
        } catch let unclear as JobPaths.Unclear {
            throw ValidationError(unclear.description)
        }
    }

    private static func positionalPaths(_ planned: ShardablePlan) -> [String] {
        switch planned {
        case let copy as CopyCommand: copy.paths
        case let move as MoveCommand: move.paths
        default: []
        }
    }

    /// The `ferry report` line for a generated file's header: the planned command's destination.
    static func reportHint(_ command: [String]) -> String {
        guard let planned = try? parse(command), let (_, ferry) = try? planned.shardPlan() else { return JobText.reportHint(destination: nil) }
        return JobText.reportHint(destination: String(ferry.dropLast("/.ferry".count)))
    }
}
