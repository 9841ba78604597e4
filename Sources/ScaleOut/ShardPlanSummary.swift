import TransferIO

/// What `ferry plan` shows: how N shards would split a plan's units, through the frozen map
/// when one exists (so it shows what the shards will really run), else computed now.
public struct ShardPlanSummary: Sendable {
    public let shards: Int
    public let units: Int
    public let mapPath: String
    /// The partition came from the map in `mapPath`, not from this call.
    public let frozen: Bool
    /// Units per shard.
    public let counts: [Int]
    /// Bytes per shard.
    public let loads: [Int64]

    public var total: Int64 { loads.reduce(0, +) }

    /// The heaviest shard over the mean: 1 is a perfect split (and an empty plan).
    public var balance: Double {
        let mean = Double(total) / Double(shards)
        return mean > 0 ? Double(loads.max()!) / mean : 1
    }

    public init(units: [ShardUnit], ferryDirectory: String, shards: Int) throws(ShardError) {
        let mapPath = ShardMap.path(ferryDirectory: ferryDirectory, shards: shards)
        let frozen = FileSystem.exists(mapPath)
        let assignment: [Int]
        if frozen {
            // Reading a frozen map never writes; any index gives the same shardOf.
            let spec = try ShardSpec(index: 0, count: shards)
            assignment = try ShardAssignment.resolve(units: units, spec: spec, ferryDirectory: ferryDirectory).shardOf
        } else {
            assignment = ShardPartitioner.partition(units: units, shards: shards)
        }
        var counts = [Int](repeating: 0, count: shards)
        for shard in assignment { counts[shard] += 1 }
        self.shards = shards
        self.units = units.count
        self.mapPath = mapPath
        self.frozen = frozen
        self.counts = counts
        self.loads = ShardPartitioner.loads(units: units, assignment: assignment, shards: shards)
    }
}
