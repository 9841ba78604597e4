/// Why a shard could not be chosen; the CLI reports it as a usage error.
public struct ShardError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Which slice of a plan this process runs: shard `index` (0-based) of `count`.
///
/// 0-based because both schedulers count that way (`sbatch --array=0-3`, Kubernetes'
/// `JOB_COMPLETION_INDEX`), so a task's own number is its shard with no arithmetic in scripts.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Kubernetes exports no completion count, so the manifest ferry writes sets this one; it also
    /// overrides `SLURM_ARRAY_TASK_COUNT`, which is wrong when one task is resubmitted alone
    /// (`sbatch --array=2` has a count of 1).
    public static let countVariable = "FERRY_SHARD_COUNT"

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1 else { throw ShardError("the shard count must be at least 1 (got \(count))") }
        guard index >= 0, index < count else {
            throw ShardError("shard \(index) does not exist in \(count) shard(s); shards are numbered 0 to \(count - 1)")
        }
        self.index = index
        self.count = count
    }

    /// Parses "I/N", e.g. "0/4" … "3/4".
    public static func parse(_ text: String) throws(ShardError) -> ShardSpec {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingSpaces), let count = Int(parts[1].trimmingSpaces) else {
            throw ShardError("--shard: cannot read '\(text)'; write I/N with I from 0 to N-1, e.g. 0/4")
        }
        return try ShardSpec(index: index, count: count)
    }

    /// The shard a scheduler gave this process, with a phrase saying where it came from; nil
    /// when no scheduler variable is set.
    public static func fromEnvironment(_ environment: [String: String]) throws(ShardError) -> (spec: ShardSpec, origin: String)? {
        let explicitCount = environment[countVariable]
        if let rawID = environment["SLURM_ARRAY_TASK_ID"] {
            guard let index = Int(rawID) else { throw ShardError("SLURM_ARRAY_TASK_ID is '\(rawID)', not a number") }
            let (countText, countName) = explicitCount.map { ($0, countVariable) } ?? (environment["SLURM_ARRAY_TASK_COUNT"], "SLURM_ARRAY_TASK_COUNT")
            guard let countText, let count = Int(countText) else {
                throw ShardError("SLURM_ARRAY_TASK_ID is set but neither \(countVariable) nor SLURM_ARRAY_TASK_COUNT gives the shard count; pass --shard I/N")
            }
            return (try ShardSpec(index: index, count: count), "SLURM_ARRAY_TASK_ID=\(index), \(countName)=\(count)")
        }
        if let rawIndex = environment["JOB_COMPLETION_INDEX"] {
            guard let index = Int(rawIndex) else { throw ShardError("JOB_COMPLETION_INDEX is '\(rawIndex)', not a number") }
            guard let explicitCount, let count = Int(explicitCount) else {
                throw ShardError("JOB_COMPLETION_INDEX is set but \(countVariable) is not (Kubernetes does not export the completion count); set it to the Job's completions or pass --shard I/N")
            }
            return (try ShardSpec(index: index, count: count), "JOB_COMPLETION_INDEX=\(index), \(countVariable)=\(count)")
        }
        return nil
    }

    /// The shard's own journal, so concurrent shards never contend for one LevelDB lock.
    public var journalName: String { "journal-shard-\(index)-of-\(count)" }

    public var description: String { "\(index)/\(count)" }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
