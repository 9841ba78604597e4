/// Paths whose data lives on the same physical devices: the unit a scheduler keeps busy. Two
/// paths whose leaf disks intersect (a partition and an md array over the same disk) are one
/// group; a file system with no block device behind it (btrfs, ZFS, NFS, tmpfs) is one group per mount.
public struct DeviceGroup: Hashable, Sendable, CustomStringConvertible {
    /// Index into `DeviceGrouping.groups`; stable within one `resolve`.
    public let id: Int
    /// "vda", "loop3", "md0[sda,sdb]", "btrfs /mnt/pool", "tmpfs /tmp".
    public let name: String
    /// Leaf whole-disk kernel names, sorted; [] for per-mount groups.
    public let devices: [String]
    /// The mount of a group with no block device (st_dev major 0, or no sysfs entry).
    public let mountPoint: String?
    /// `queue/rotational` of the leaves: true if any says 1, false if all say 0, nil when
    /// unknown (per-mount groups, unreadable). A hint: virtual disks often claim rotation.
    public let rotational: Bool?

    public init(id: Int, name: String, devices: [String], mountPoint: String?, rotational: Bool?) {
        self.id = id
        self.name = name
        self.devices = devices
        self.mountPoint = mountPoint
        self.rotational = rotational
    }

    public var description: String { name }

    /// Any leaf rotational → rotational (one slow member paces a stack); all known and not → false.
    static func rotational(of flags: [Bool?]) -> Bool? {
        if flags.contains(true) { return true }
        return !flags.isEmpty && flags.allSatisfy { $0 == false } ? false : nil
    }
}

/// Every path given to `resolve`, assigned to its device group.
public struct DeviceGrouping: Sendable {
    public let groups: [DeviceGroup]
    private let groupOfPath: [String: Int]

    public init(groups: [DeviceGroup], groupOfPath: [String: Int]) {
        self.groups = groups
        self.groupOfPath = groupOfPath
    }

    /// The group of a path passed to `resolve` (a path that did not exist yet, a destination,
    /// was resolved through its nearest existing ancestor); nil for a path not passed or not statable.
    public func group(of path: String) -> DeviceGroup? {
        groupOfPath[path].map { groups[$0] }
    }

    /// Resolves every path; two paths whose leaf-device sets intersect share one group. Cached
    /// per st_dev, so 10^5 paths cost 10^5 stat calls and a few sysfs reads. `sysfs` is a
    /// parameter so tests can stand up md/dm trees that cannot be created on a test machine;
    /// `mounts` defaults to /proc/self/mountinfo, read only if some path needs it.
    public static func resolve(_ paths: [String], sysfs: String = "/sys", mounts: [MountInfo]? = nil) -> DeviceGrouping {
        var resolver = DeviceResolver(sysfs: SysfsBlock(root: sysfs), mounts: mounts)
        var keysOfPath: [(path: String, keys: [DeviceResolver.Key])] = []
        keysOfPath.reserveCapacity(paths.count)
        for path in paths {
            guard let keys = resolver.keys(of: path) else { continue }
            keysOfPath.append((path, keys))
        }
        var builder = DeviceGroupBuilder(resolver: resolver)
        return builder.build(keysOfPath)
    }

    /// `resolve` with the st_dev of each path given instead of stat'ed: md and dm stacks exist
    /// only in a fake sysfs tree in tests, and their numbers match no real file.
    static func resolve(devices: [(path: String, device: UInt64)], sysfs: String, mounts: [MountInfo]) -> DeviceGrouping {
        var resolver = DeviceResolver(sysfs: SysfsBlock(root: sysfs), mounts: mounts)
        let keysOfPath = devices.map { (path: $0.path, keys: resolver.keys(device: $0.device, existing: $0.path)) }
        var builder = DeviceGroupBuilder(resolver: resolver)
        return builder.build(keysOfPath)
    }
}
