import Foundation
import Glibc

/// Where a path lives: its mount point, file system and device, from /proc/self/mountinfo. A
/// typo'd or unmounted destination (`/mnt/xfss/...`) lands on the root file system; this is how
/// ferry says so before a byte moves.
public struct MountInfo: Sendable, Equatable {
    public var mountPoint: String
    public var fileSystem: String
    /// The mount source: /dev/sdb1, a loop device, tmpfs, a server:/export.
    public var source: String
    public var device: UInt64
    /// mountinfo's first field: unique among the mounts alive at one time (0 when unknown).
    public var mountID: Int = 0

    public init(mountPoint: String, fileSystem: String, source: String, device: UInt64, mountID: Int = 0) {
        self.mountPoint = mountPoint
        self.fileSystem = fileSystem
        self.source = source
        self.device = device
        self.mountID = mountID
    }

    /// Every mount this process sees, in mount order (a later mount on the same point hides an
    /// earlier one); [] when /proc is not mounted.
    public static func table(_ file: String = "/proc/self/mountinfo") -> [MountInfo] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { parse(String($0)) }
    }

    /// The mount that holds `path` (or its nearest existing ancestor).
    public static func of(_ path: String) -> MountInfo? {
        let existing = FileSystem.nearestExisting(FileSystem.absolute(path))
        guard let status = try? FileSystem.status(existing),
              let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        let resolved = URL(fileURLWithPath: existing).resolvingSymlinksInPath().path
        return text.split(separator: "\n").compactMap { parse(String($0)) }
            .filter { $0.device == status.device && contains($0.mountPoint, resolved) }
            .max { $0.mountPoint.count < $1.mountPoint.count }
    }

    /// True when `path` is on the same file system as `/`.
    public static func isOnRootFileSystem(_ path: String) -> Bool {
        let existing = FileSystem.nearestExisting(FileSystem.absolute(path))
        guard let here = try? FileSystem.status(existing), let root = try? FileSystem.status("/") else { return false }
        return here.device == root.device
    }

    /// One mountinfo line: `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw`.
    static func parse(_ line: String) -> MountInfo? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { return nil }
        let numbers = fields[2].split(separator: ":")
        guard numbers.count == 2, let major = UInt32(numbers[0]), let minor = UInt32(numbers[1]) else { return nil }
        return MountInfo(mountPoint: unescape(fields[4]), fileSystem: fields[dash + 1], source: unescape(fields[dash + 2]),
                         device: makeDevice(major: UInt64(major), minor: UInt64(minor)), mountID: Int(fields[0]) ?? 0)
    }

    /// glibc's dev_t encoding (gnu_dev_makedev), which st_dev uses.
    static func makeDevice(major: UInt64, minor: UInt64) -> UInt64 {
        ((major & 0xFFFF_F000) << 32) | ((major & 0xFFF) << 8) | ((minor & 0xFFFF_FF00) << 12) | (minor & 0xFF)
    }

    /// mountinfo writes space, tab, newline and backslash as octal escapes (`\040`).
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3, let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func contains(_ mountPoint: String, _ path: String) -> Bool {
        mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
    }
}
