/// A dev_t split into major and minor the way glibc's gnu_dev_major/gnu_dev_minor do, so the
/// numbers match `/sys/dev/block/MAJ:MIN` and mountinfo's third field.
public struct DeviceNumber: Hashable, Sendable, CustomStringConvertible {
    public let major: UInt32
    public let minor: UInt32

    public init(major: UInt32, minor: UInt32) {
        self.major = major
        self.minor = minor
    }

    public init(_ dev: UInt64) {
        major = UInt32(truncatingIfNeeded: ((dev >> 8) & 0xFFF) | ((dev >> 32) & ~UInt64(0xFFF)))
        minor = UInt32(truncatingIfNeeded: (dev & 0xFF) | ((dev >> 12) & ~UInt64(0xFF)))
    }

    /// Major 0 is the kernel's "unnamed" devices: btrfs, ZFS, NFS, tmpfs, overlay. No block
    /// device stands behind such a number, so sysfs cannot say which disks hold the data.
    public var isAnonymous: Bool { major == 0 }

    public var description: String { "\(major):\(minor)" }
}
