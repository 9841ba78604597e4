import Foundation
import ScaleOut
import SectorExport
import TransferCore
import TransferIO

/// A planned command's files, so `plan` can show which device groups they read and write.
protocol DeviceItemsPlan {
    func plannedItems() throws -> [TransferItem]
}

extension CopyCommand: DeviceItemsPlan {
    func plannedItems() throws -> [TransferItem] { ShardedTransfer.plan(paths).items }
}

extension MoveCommand: DeviceItemsPlan {
    func plannedItems() throws -> [TransferItem] { ShardedTransfer.plan(paths).items }
}

extension ExportFilesCommand: DeviceItemsPlan {
    func plannedItems() throws -> [TransferItem] { try exportPlanForSharding().sectors.filter { $0.refusal == nil }.flatMap(\.items) }
}

/// How `plan` renders `DeviceLoad` entries: one line per group and side, or JSON objects.
enum DeviceGroupsRendering {
    static func lines(_ entries: [DeviceLoad.Entry]) -> [String] {
        guard !entries.isEmpty else { return [] }
        let width = max(5, entries.map(\.group.name.count).max() ?? 0)
        var lines = ["device groups", [pad("side", 11), pad("group", width), pad("rotational", 14), "files", "bytes"].joined(separator: "  ")]
        for entry in entries {
            lines.append([pad(entry.side.rawValue, 11), pad(entry.group.name, width), pad(hint(entry.group.rotational), 14),
                          pad(String(entry.files), 5), "\(ByteCount.format(entry.bytes)) (\(entry.bytes))"].joined(separator: "  "))
        }
        return lines
    }

    static func json(_ entries: [DeviceLoad.Entry]) -> [[String: Any]] {
        entries.map { entry in
            var object: [String: Any] = [
                "name": entry.group.name, "side": entry.side.rawValue, "bytes": entry.bytes, "files": entry.files,
                "devices": entry.group.devices, "rotational": entry.group.rotational.map { $0 as Any } ?? NSNull(),
            ]
            if let mount = entry.group.mountPoint { object["mount_point"] = mount }
            return object
        }
    }

    static func hint(_ rotational: Bool?) -> String {
        switch rotational {
        case true?: "rotational"
        case false?: "non-rotational"
        case nil: "unknown"
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
