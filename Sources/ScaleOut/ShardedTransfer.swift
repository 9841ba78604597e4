public import TransferCore
import TransferIO

/// `copy`, `move` and `verify` run as one shard of many: which plan they partition, and the
/// slice of it this shard runs. `export files` does the same by sector in SectorExport.
public enum ShardedTransfer {
    /// `cp -r`'s choice (is DEST a directory that receives sources by name?) must not depend on
    /// whether DEST exists when shards run: the first shard to start creates it. So a sharded
    /// run decides from the command line alone: several sources or a trailing `/`.
    public static func intoDirectory(_ paths: [String]) -> Bool {
        paths.count > 2 || paths.last!.hasSuffix("/")
    }

    /// The whole plan of `copy`/`move SOURCE... DEST` as every shard computes it.
    public static func plan(_ paths: [String]) -> TransferPlan {
        TransferPlanner.plan(sources: Array(paths.dropLast()), destination: paths.last!, intoDirectory: intoDirectory(paths))
    }

    /// The units `plan`, `slurm-script` and `k8s-job` partition, and the `.ferry/` that holds the
    /// frozen map and the shards' journals.
    public static func units(_ paths: [String]) -> (units: [ShardUnit], ferryDirectory: String) {
        let plan = plan(paths)
        return (plan.shardUnits, plan.destinationRoot + "/.ferry")
    }

    /// The plan's files for this shard, through the partition frozen in `<dest root>/.ferry/`,
    /// and what to tell the operator about it (a map reused, unknown units, this shard's share).
    public static func restrict(_ plan: TransferPlan, to spec: ShardSpec) throws(ShardError) -> (plan: TransferPlan, notices: [String]) {
        let assignment = try ShardAssignment.resolve(units: plan.shardUnits, spec: spec, ferryDirectory: plan.destinationRoot + "/.ferry")
        let mine = plan.restricted(to: assignment)
        let share = "shard \(spec): \(mine.items.count) of \(plan.items.count) file(s), \(mine.totalBytes) of \(plan.totalBytes) bytes"
        return (mine, assignment.notices + [share])
    }

    /// `verify`'s files for this shard: keyed by the path below the PATH argument that holds it,
    /// so hosts with different mount prefixes agree. Nothing is written, so nothing is frozen.
    public static func restrict(_ paths: [String], scope: [String], to spec: ShardSpec) -> [String] {
        let units = paths.map { path in
            let root = scope.first { path.hasPrefix($0 + "/") }
            let key = root.map { String(path.dropFirst($0.count + 1)) } ?? path
            return ShardUnit(key: key, bytes: (try? FileSystem.status(path).size) ?? 0)
        }
        let assignment = ShardPartitioner.partition(units: units, shards: spec.count)
        return paths.indices.filter { assignment[$0] == spec.index }.map { paths[$0] }
    }
}

extension ShardSpec {
    /// The scheduler's shard (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) with the line that
    /// tells the operator where it came from; nil when no scheduler variable is set.
    public static func fromScheduler(_ environment: [String: String]) throws(ShardError) -> (spec: ShardSpec, notice: String)? {
        guard let (spec, origin) = try fromEnvironment(environment) else { return nil }
        return (spec, "running shard \(spec) (from \(origin)); pass --shard I/N to choose another")
    }
}
