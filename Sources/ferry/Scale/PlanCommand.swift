import ArgumentParser
import Foundation
import ScaleOut
import TransferCore

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
        let summary = try ShardPlanSummary(units: units, ferryDirectory: ferryDirectory, shards: shards)
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        // After the timing: "planned in" stays the partition's cost, not the device lookup's.
        let devices = DeviceLoad.of(try (planned as? DeviceItemsPlan)?.plannedItems() ?? [TransferItem]())
        if json { try printJSON(summary, seconds: seconds, devices: devices) } else { printText(summary, seconds: seconds, devices: devices) }
    }

    private func printJSON(_ summary: ShardPlanSummary, seconds: Double, devices: [DeviceLoad.Entry]) throws {
        let object: [String: Any] = [
            "command": command, "shards": shards, "units": summary.units, "bytes": summary.total,
            "balance_max_over_mean": (summary.balance * 1e6).rounded() / 1e6, "seconds": (seconds * 1e4).rounded() / 1e4,
            "frozen": summary.frozen, "shard_map": summary.mapPath,
            "per_shard": (0..<shards).map { ["shard": $0, "units": summary.counts[$0], "bytes": summary.loads[$0]] as [String: Any] },
            "device_groups": DeviceGroupsRendering.json(devices),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    private func printText(_ summary: ShardPlanSummary, seconds: Double, devices: [DeviceLoad.Entry]) {
        let (mapPath, counts, loads) = (summary.mapPath, summary.counts, summary.loads)
        print("\(summary.units) unit(s), \(ByteCount.format(summary.total)) in \(shards) shard(s); " +
              (summary.frozen ? "the partition frozen in \(mapPath)" : "computed now; the first shard to run freezes it in \(mapPath)"))
        print("shard  units  bytes")
        for shard in 0..<shards {
            print("\(String(shard).padding(toLength: 5, withPad: " ", startingAt: 0))  \(String(counts[shard]).padding(toLength: 5, withPad: " ", startingAt: 0))  \(ByteCount.format(loads[shard])) (\(loads[shard]))")
        }
        print("balance: max/mean \(String(format: "%.5f", summary.balance)); planned in \(String(format: "%.3f", seconds)) s")
        for line in DeviceGroupsRendering.lines(devices) { print(line) }
    }
}
