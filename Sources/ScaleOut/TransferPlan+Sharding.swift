public import TransferCore
import TransferIO

extension TransferPlan {
    /// A file's shard key: its destination path below the destination root. That is the
    /// source-relative path (prefixed by the source's name when DEST receives sources by name),
    /// so hosts that mount the stores under different prefixes still agree.
    public func shardKey(destination path: String) -> String {
        let prefix = destinationRoot == "/" ? "/" : destinationRoot + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : FileSystem.baseName(of: path)
    }

    public var shardUnits: [ShardUnit] {
        items.map { ShardUnit(key: shardKey(destination: $0.destination), bytes: $0.size) }
    }

    /// The plan restricted to one shard's files. Directories stay (creating an empty one twice
    /// is harmless, and a move's emptied source directories are removed only when empty);
    /// refused inputs go to one shard each so they are reported once, not N times.
    public func restricted(to assignment: ShardAssignment) -> TransferPlan {
        var plan = self
        plan.items = items.indices.filter { assignment.contains($0) }.map { items[$0] }
        plan.problems = problems.filter {
            ShardPartitioner.hashShard(key: shardKey(destination: $0.path), shards: assignment.spec.count) == assignment.spec.index
        }
        return plan
    }
}
