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

    /// The largest shard count. Partitioning keeps one load counter per shard and a map entry per
    /// unit, so an unchecked count (`--shard 0/99999999999`, a stray `FERRY_SHARD_COUNT`) would try
    /// to allocate terabytes and abort; no scheduler runs more array tasks than this anyway.
    /// `plan`, `slurm-script` and `k8s-job --shards` use the same bound.
    public static let maxCount = 100_000

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, count <= Self.maxCount else {
            throw ShardError("the shard count must be between 1 and \(Self.maxCount) (got \(count))")
        }
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
        do {
            return try ShardSpec(index: index, count: count)
        } catch {
            throw ShardError("--shard \(text): \(error.message)")
        }
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
            let origin = "SLURM_ARRAY_TASK_ID=\(index), \(countName)=\(count)"
            return (try spec(index, count, origin), origin)
        }
        if let rawIndex = environment["JOB_COMPLETION_INDEX"] {
            guard let index = Int(rawIndex) else { throw ShardError("JOB_COMPLETION_INDEX is '\(rawIndex)', not a number") }
            guard let explicitCount, let count = Int(explicitCount) else {
                throw ShardError("JOB_COMPLETION_INDEX is set but \(countVariable) is not (Kubernetes does not export the completion count); set it to the Job's completions or pass --shard I/N")
            }
            let origin = "JOB_COMPLETION_INDEX=\(index), \(countVariable)=\(count)"
            return (try spec(index, count, origin), origin)
        }
        return nil
    }

    /// A scheduler's numbers that make no shard are reported with the variables that gave them.
    private static func spec(_ index: Int, _ count: Int, _ origin: String) throws(ShardError) -> ShardSpec {
        do {
            return try ShardSpec(index: index, count: count)
        } catch {
            throw ShardError("\(origin): \(error.message)")
        }
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
