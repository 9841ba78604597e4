import ScaleOut
import ArgumentParser
import Foundation
import TransferCore
import TransferIO

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print how a copy, move or export would be split into N shards (units and bytes per shard), without running it.",
        discussion: """
        Give the command as you would run it, plus --shards N: ferry plan copy SRC... DEST --shards 4. \
        The partition is byte-balanced and deterministic; the first shard that runs freezes it in \
        <destination>/.ferry/shard-map-of-N.json, and when that file exists this prints the frozen one.
        """
    )

    @Option(help: "Number of shards.")
    var shards: Int

    @Flag(help: "One JSON object on stdout.")
    var json = false

    @Argument(parsing: .allUnrecognized, help: "The command to plan (copy, move, export files) with its arguments.")
    var command: [String] = []

    func validate() throws {
        guard shards >= 1, shards <= ShardSpec.maxCount else { throw ValidationError("--shards must be between 1 and \(ShardSpec.maxCount)") }
        _ = try PlannedCommand.parse(command)
    }

    func run() async throws {
        let started = ContinuousClock.now
        let planned = try PlannedCommand.parse(command)
        let (units, ferryDirectory) = try planned.shardPlan()
        let mapPath = ShardMap.path(ferryDirectory: ferryDirectory, shards: shards)
        let frozen = FileSystem.exists(mapPath)
        let assignment: [Int]
        if frozen {
            let spec = try ShardSpec(index: 0, count: shards)
            assignment = try ShardAssignment.resolve(units: units, spec: spec, ferryDirectory: ferryDirectory).shardOf
        } else {
            assignment = ShardPartitioner.partition(units: units, shards: shards)
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        var counts = [Int](repeating: 0, count: shards)
        for shard in assignment { counts[shard] += 1 }
        let loads = ShardPartitioner.loads(units: units, assignment: assignment, shards: shards)
        let total = loads.reduce(0, +)
        let mean = Double(total) / Double(shards)
        let balance = mean > 0 ? Double(loads.max()!) / mean : 1
        // After the timing: "planned in" stays the partition's cost, not the device lookup's.
        let devices = DeviceLoad.of(try (planned as? DeviceItemsPlan)?.plannedItems() ?? [TransferItem]())
        if json {
            let object: [String: Any] = [
                "command": command, "shards": shards, "units": units.count, "bytes": total,
                "balance_max_over_mean": (balance * 1e6).rounded() / 1e6, "seconds": (seconds * 1e4).rounded() / 1e4,
                "frozen": frozen, "shard_map": mapPath,
                "per_shard": (0..<shards).map { ["shard": $0, "units": counts[$0], "bytes": loads[$0]] as [String: Any] },
                "device_groups": DeviceGroupsRendering.json(devices),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(units.count) unit(s), \(ByteCount.format(total)) in \(shards) shard(s); " +
              (frozen ? "the partition frozen in \(mapPath)" : "computed now; the first shard to run freezes it in \(mapPath)"))
        print("shard  units  bytes")
        for shard in 0..<shards {
            print("\(String(shard).padding(toLength: 5, withPad: " ", startingAt: 0))  \(String(counts[shard]).padding(toLength: 5, withPad: " ", startingAt: 0))  \(ByteCount.format(loads[shard])) (\(loads[shard]))")
        }
        print("balance: max/mean \(String(format: "%.5f", balance)); planned in \(String(format: "%.3f", seconds)) s")
        for line in DeviceGroupsRendering.lines(devices) { print(line) }
    }
}
