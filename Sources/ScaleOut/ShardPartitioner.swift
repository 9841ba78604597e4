/// One indivisible piece of work: a sector for `export files`, a file for `copy`/`move`/`verify`.
/// The key must name the unit the same way on every host (no mount prefixes).
public struct ShardUnit: Sendable, Hashable, Codable {
    public var key: String
    public var bytes: Int64

    public init(key: String, bytes: Int64) {
        self.key = key
        self.bytes = bytes
    }
}

/// A deterministic byte-balanced partition.
///
/// Longest-processing-time first: units in decreasing size (ties by key), each to the currently
/// lightest shard (ties to the lowest index). The order is total, so the result depends only on
/// the set of units, never on the order a directory listing or a host produced them in; LPT's
/// worst case is 4/3 of optimal, and with many similar-sized sectors it is within one unit.
public enum ShardPartitioner {
    /// The shard of each unit, in the order given.
    public static func partition(units: [ShardUnit], shards: Int) -> [Int] {
        precondition(shards >= 1, "at least one shard")
        let order = units.indices.sorted { a, b in
            let x = units[a], y = units[b]
            if x.bytes != y.bytes { return x.bytes > y.bytes }
            if x.key != y.key { return x.key < y.key }
            return a < b
        }
        var heap = LoadHeap(shards: shards)
        var assignment = [Int](repeating: 0, count: units.count)
        for position in order {
            assignment[position] = heap.addToLightest(max(units[position].bytes, 0))
        }
        return assignment
    }

    /// A shard from the key alone, for units a frozen partition does not know (files that
    /// appeared after it was made): stable whatever else is added or removed.
    public static func hashShard(key: String, shards: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(shards))
    }

    /// Bytes per shard for an assignment.
    public static func loads(units: [ShardUnit], assignment: [Int], shards: Int) -> [Int64] {
        var loads = [Int64](repeating: 0, count: shards)
        for (unit, shard) in zip(units, assignment) { loads[shard] += unit.bytes }
        return loads
    }
}

/// Min-heap of (load, shard index): O(log N) per unit, so 30,000 sectors over 1,000 shards stay cheap.
private struct LoadHeap {
    private var items: [(load: Int64, shard: Int)]

    init(shards: Int) {
        // Equal loads in index order already satisfy the heap property.
        items = (0..<shards).map { (0, $0) }
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        items[a].load != items[b].load ? items[a].load < items[b].load : items[a].shard < items[b].shard
    }

    mutating func addToLightest(_ bytes: Int64) -> Int {
        let shard = items[0].shard
        items[0].load += bytes
        var i = 0
        while true {
            let left = 2 * i + 1, right = left + 1
            var smallest = i
            if left < items.count, less(left, smallest) { smallest = left }
            if right < items.count, less(right, smallest) { smallest = right }
            if smallest == i { return shard }
            items.swapAt(i, smallest)
            i = smallest
        }
    }
}
