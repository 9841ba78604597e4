import TransferIO

/// The device groups a run's files move between, each file's lane, and how many concurrent
/// streams each group may carry: what `StreamScheduler` works from.
public struct StreamPlan: Sendable {
    public struct Group: Sendable, Equatable {
        public var name: String
        public var rotational: Bool?
        public var readLimit: Int
        public var writeLimit: Int
    }

    public var groups: [Group]
    public var lanes: [Lane]

    /// Streams at once: never more than the groups can carry on either side.
    public var concurrency: Int {
        let reading = Set(lanes.map(\.source)).reduce(0) { $0 + groups[$1].readLimit }
        let writing = Set(lanes.map(\.destination)).reduce(0) { $0 + groups[$1].writeLimit }
        return max(1, min(reading, writing))
    }

    public init(groups: [Group], lanes: [Lane]) {
        self.groups = groups
        self.lanes = lanes
    }

    /// Resolves every source and destination to its device group (statx → sysfs; one group per
    /// mount where there is no block device) and sets each group's limits.
    public static func resolve(_ items: [TransferItem], streamsPerDevice: Int?) -> StreamPlan {
        let grouping = DeviceGrouping.resolve(items.flatMap { [$0.source, $0.destination] })
        var index: [Int: Int] = [:]
        var groups: [Group] = []
        func slot(_ path: String) -> Int {
            let group = grouping.group(of: path)
            let key = group?.id ?? -1
            if let known = index[key] { return known }
            index[key] = groups.count
            groups.append(Group(name: group?.name ?? "unknown", rotational: group?.rotational, readLimit: 1, writeLimit: 1))
            return groups.count - 1
        }
        let lanes = items.map { Lane(source: slot($0.source), destination: slot($0.destination)) }
        let sourceGroups = Set(lanes.map(\.source)).count
        for i in groups.indices {
            let limits = StreamLimits(forced: streamsPerDevice, sourceGroups: sourceGroups)
            groups[i].readLimit = limits.reads(rotational: groups[i].rotational)
            groups[i].writeLimit = limits.writes(rotational: groups[i].rotational)
        }
        return StreamPlan(groups: groups, lanes: lanes)
    }
}

/// `--streams-per-device`, and the defaults when it is not given.
///
/// Reads are where a spinning disk loses: two sequential readers make it seek between them, so
/// a rotational source group gets one stream (util-linux fsck's rule; BFQ's reason to idle).
/// Flash has no seek: several streams fill its queues. A destination takes as many streams as
/// there are source groups feeding the run, so no source waits for a destination's stream
/// count: its writes are large O_DIRECT chunks into preallocated files, which the drive's cache
/// and a RAID pool's stripes absorb, and its write rate, not a count, is what bounds it.
/// `queue/rotational` is a hint (virtual disks and loop devices often say 1): the flag
/// overrides both sides.
public struct StreamLimits: Sendable {
    /// Non-rotational (or unknown: per-mount file systems) groups.
    public static let flashStreams = 8
    public var forced: Int?
    public var sourceGroups: Int

    public init(forced: Int?, sourceGroups: Int) {
        self.forced = forced
        self.sourceGroups = sourceGroups
    }

    public func reads(rotational: Bool?) -> Int {
        if let forced { return forced }
        return rotational == true ? 1 : Self.flashStreams
    }

    public func writes(rotational: Bool?) -> Int {
        if let forced { return forced }
        return max(reads(rotational: rotational), sourceGroups)
    }
}
