public import TransferIO

/// Bytes per device group on each side of a transfer: what `plan` and `--dry-run` show, and
/// the figure a device-aware scheduler balances (the busiest group paces the whole run).
public struct DeviceLoad {
    public enum Side: String, Sendable, Hashable {
        case source, destination
    }

    public struct Entry: Sendable, Hashable {
        public let group: DeviceGroup
        public let side: Side
        public let bytes: Int64
        /// Files (items) read from or written to the group.
        public let files: Int

        public init(group: DeviceGroup, side: Side, bytes: Int64, files: Int) {
            self.group = group
            self.side = side
            self.bytes = bytes
            self.files = files
        }
    }

    /// Sources first, then destinations, each in group order. A group that holds both sources
    /// and destinations (a copy within one disk) appears once per side. Items whose path the
    /// grouping does not know are left out.
    public static func of(_ items: [(source: String, destination: String, bytes: Int64)], grouping: DeviceGrouping) -> [Entry] {
        var totals: [Side: [Int: (bytes: Int64, files: Int)]] = [.source: [:], .destination: [:]]
        for item in items {
            for (side, path) in [(Side.source, item.source), (.destination, item.destination)] {
                guard let group = grouping.group(of: path) else { continue }
                let sum = totals[side]![group.id, default: (0, 0)]
                totals[side]![group.id] = (sum.bytes + item.bytes, sum.files + 1)
            }
        }
        return [Side.source, .destination].flatMap { side in
            totals[side]!.keys.sorted().map { id in
                Entry(group: grouping.groups[id], side: side, bytes: totals[side]![id]!.bytes, files: totals[side]![id]!.files)
            }
        }
    }

    /// Resolves the items' sources and destinations and sums them: the one call `plan` makes.
    public static func of(_ items: [TransferItem], sysfs: String = "/sys") -> [Entry] {
        let triples = items.map { (source: $0.source, destination: $0.destination, bytes: $0.size) }
        let grouping = DeviceGrouping.resolve(items.map(\.source) + items.map(\.destination), sysfs: sysfs)
        return of(triples, grouping: grouping)
    }
}
