import Foundation
import TransferIO

/// The partition of one run into N shards, frozen in the destination's `.ferry/` by the first
/// shard that starts.
///
/// Freezing is what makes a partition "stable across reruns" for `move`: once some shards have
/// moved their sources away, the remaining files would partition differently, and a resumed
/// shard could skip files that were its own or take files another shard is moving. With the map,
/// every shard of every rerun, on any host, uses the first plan's assignment. `report` reads it
/// to know every unit the plan had, including those of shards that never started.
public struct ShardMap: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var key: String
        public var bytes: Int64
        public var shard: Int
    }

    public var version = 1
    public var shards: Int
    /// Sorted by key.
    public var units: [Entry]

    public init(units: [ShardUnit], shards: Int) {
        let assignment = ShardPartitioner.partition(units: units, shards: shards)
        self.shards = shards
        self.units = zip(units, assignment).map { Entry(key: $0.key, bytes: $0.bytes, shard: $1) }.sorted { $0.key < $1.key }
    }

    public static func fileName(shards: Int) -> String { "shard-map-of-\(shards).json" }

    public static func path(ferryDirectory: String, shards: Int) -> String {
        ferryDirectory + "/" + fileName(shards: shards)
    }

    public static func load(_ path: String) throws(ShardError) -> ShardMap {
        guard let data = FileManager.default.contents(atPath: path) else { throw ShardError("cannot read the shard map \(path)") }
        let map: ShardMap
        do {
            map = try JSONDecoder().decode(ShardMap.self, from: data)
        } catch {
            throw ShardError("the shard map \(path) is unreadable (\(error)); delete it to partition again")
        }
        // Counts and shard numbers index per-shard arrays in `plan` and `report`: an edited or
        // damaged map must be refused here, not trap there.
        guard (1...ShardSpec.maxCount).contains(map.shards), map.units.allSatisfy({ (0..<map.shards).contains($0.shard) }) else {
            throw ShardError("the shard map \(path) is invalid (a shard count outside 1 to \(ShardSpec.maxCount), or a unit in a shard that does not exist); delete it to partition again")
        }
        return map
    }

    /// Every shard map in a `.ferry/` directory, by shard count.
    public static func all(ferryDirectory: String) -> [Int: String] {
        var found: [Int: String] = [:]
        for name in (try? FileSystem.listDirectory(ferryDirectory)) ?? [] where name.hasPrefix("shard-map-of-") && name.hasSuffix(".json") {
            if let count = Int(name.dropFirst("shard-map-of-".count).dropLast(".json".count)) {
                found[count] = ferryDirectory + "/" + name
            }
        }
        return found
    }

    /// Writes the map unless one exists, and returns the one that is on disk: when several
    /// shards start at once they compute the same map from the same plan, and the first link wins.
    public func freeze(at path: String) throws(ShardError) -> ShardMap {
        if FileSystem.exists(path) { return try Self.load(path) }
        let directory = FileSystem.parentDirectory(of: path)
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(self)
            try data.write(to: URL(fileURLWithPath: temporary), options: .withoutOverwriting)
            let fd = try FileSystem.open(temporary, .readOnly)
            defer { FileSystem.close(fd) }
            try FileSystem.sync(fd: fd)
        } catch {
            try? FileSystem.unlink(temporary)
            throw ShardError("cannot write the shard map \(path): \(error)")
        }
        defer { try? FileSystem.unlink(temporary) }
        // link(2) never replaces: exactly one concurrent writer's map becomes the map.
        if link(temporary, path) != 0 && errno != EEXIST {
            throw ShardError("cannot write the shard map \(path): \(String(cString: strerror(errno)))")
        }
        try? FileSystem.syncDirectory(directory)
        return try Self.load(path)
    }
}

/// Which units of a plan belong to this shard.
public struct ShardAssignment: Sendable {
    public let spec: ShardSpec
    /// For each unit given, in order: its shard.
    public let shardOf: [Int]
    /// Things worth telling the operator (a map reused, units the map did not know).
    public let notices: [String]

    public func contains(_ position: Int) -> Bool { shardOf[position] == spec.index }

    /// Partitions `units`; with a `.ferry/` directory, through the frozen map there (made now if absent).
    public static func resolve(units: [ShardUnit], spec: ShardSpec, ferryDirectory: String?) throws(ShardError) -> ShardAssignment {
        guard let ferryDirectory else {
            return ShardAssignment(spec: spec, shardOf: ShardPartitioner.partition(units: units, shards: spec.count), notices: [])
        }
        var notices: [String] = []
        for (count, path) in ShardMap.all(ferryDirectory: ferryDirectory) where count != spec.count {
            notices.append("\(path) partitions this destination into \(count) shard(s), but this run is shard \(spec); shards of different counts overlap")
        }
        let path = ShardMap.path(ferryDirectory: ferryDirectory, shards: spec.count)
        let existed = FileSystem.exists(path)
        let map = try ShardMap(units: units, shards: spec.count).freeze(at: path)
        guard map.shards == spec.count else {
            throw ShardError("the shard map \(path) is for \(map.shards) shard(s), not \(spec.count); delete it to partition again")
        }
        var frozen: [String: Int] = [:]
        for entry in map.units { frozen[entry.key] = entry.shard }
        var unknown = 0
        let shardOf = units.map { unit in
            if let shard = frozen[unit.key] { return shard }
            unknown += 1
            return ShardPartitioner.hashShard(key: unit.key, shards: spec.count)
        }
        if existed { notices.append("using the partition frozen in \(path) by the first run (\(map.units.count) unit(s))") }
        if unknown > 0 { notices.append("\(unknown) unit(s) are not in \(path) (added since it was made); they are assigned by a hash of their name") }
        return ShardAssignment(spec: spec, shardOf: shardOf, notices: notices)
    }
}
