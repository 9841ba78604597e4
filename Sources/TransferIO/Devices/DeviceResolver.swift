import Glibc

/// From a path to the keys of what holds its data: leaf disks, or (no block device) its st_dev
/// and its mount. Everything but the stat is cached per st_dev.
struct DeviceResolver {
    enum Key: Hashable {
        case disk(String)
        /// An anonymous st_dev: bind mounts of one tmpfs or NFS superblock share it.
        case anonymous(UInt64)
        /// A mount (by mount id, or mount point when the id is unknown): nested btrfs
        /// subvolumes have their own st_dev but live in their parent's mount.
        case mount(String)
    }

    /// What one st_dev resolved to.
    struct Resolution {
        var keys: [Key]
        var whole: String?
        var leaves: [String: Bool?] = [:]
        var mount: MountInfo?
        var number: DeviceNumber
    }

    let sysfs: SysfsBlock
    private var mounts: [MountInfo]?
    private(set) var byDevice: [UInt64: Resolution] = [:]
    /// Missing directories (destinations not created yet) → the st_dev of their nearest existing ancestor.
    private var missingDirectories: [String: UInt64] = [:]

    init(sysfs: SysfsBlock, mounts: [MountInfo]?) {
        self.sysfs = sysfs
        self.mounts = mounts
    }

    mutating func keys(of rawPath: String) -> [Key]? {
        let path = FileSystem.absolute(rawPath)
        guard let found = device(of: path) else { return nil }
        return keys(device: found.0, existing: found.1)
    }

    /// The keys of a known st_dev; `existing` is a path on it (for the mount lookup).
    mutating func keys(device: UInt64, existing: String) -> [Key] {
        if let known = byDevice[device] { return known.keys }
        let resolution = resolve(device, existing: existing)
        byDevice[device] = resolution
        return resolution.keys
    }

    /// st_dev of `path` (links followed: a store may be a link to another disk), or of its
    /// nearest existing ancestor, and the path that exists.
    private mutating func device(of path: String) -> (UInt64, String)? {
        var st = stat()
        if PathBytes.withCString(path, { stat($0, &st) }) == 0 { return (UInt64(st.st_dev), path) }
        let missing = errno == ENOENT || errno == ENOTDIR
        // A dangling link or a permission problem on the leaf: its directory still says where it lives.
        let parent = FileSystem.parentDirectory(of: path)
        guard parent != path else { return nil }
        if let known = missingDirectories[parent] { return (known, parent) }
        guard let found = device(of: parent) else { return nil }
        if missing { missingDirectories[parent] = found.0 }
        return found
    }

    private mutating func resolve(_ device: UInt64, existing: String) -> Resolution {
        let number = DeviceNumber(device)
        if !number.isAnonymous, let block = sysfs.resolve(number) {
            return Resolution(keys: block.leaves.keys.sorted().map(Key.disk), whole: block.whole, leaves: block.leaves, number: number)
        }
        let mount = mountHolding(existing, device: device)
        var keys: [Key] = [.anonymous(device)]
        if let mount { keys.append(.mount(mount.mountID != 0 ? "#\(mount.mountID)" : mount.mountPoint)) }
        return Resolution(keys: keys, mount: mount, number: number)
    }

    /// The mount `path` is under: the longest mount point above its real path, preferring
    /// mounts of the same st_dev, the last mounted winning a tie (it hides the ones below).
    private mutating func mountHolding(_ path: String, device: UInt64) -> MountInfo? {
        if mounts == nil { mounts = MountInfo.table() }
        let real = SysfsBlock.realPath(path) ?? path
        let above = mounts!.filter { MountInfo.contains($0.mountPoint, real) }
        let sameDevice = above.filter { $0.device == device }
        let candidates = sameDevice.isEmpty ? above : sameDevice
        return candidates.reversed().max { $0.mountPoint.count < $1.mountPoint.count }
    }
}
