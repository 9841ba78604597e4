import Foundation

/// A real file system made in an image file inside a scratch directory and loop-mounted (root
/// only; see `Host.canLoopMount`). The test unmounts it, before its scratch directory goes.
public struct LoopMount {
    public let path: String

    /// `type` is ext4, xfs or btrfs; `size` in bytes (xfs wants at least 300 MiB).
    public init(scratch: TempDir, name: String, type: String, size: Int) throws {
        let image = scratch.sub("\(name).img")
        path = scratch.sub("mnt-\(name)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let force = type == "ext4" ? "-F" : "-f"
        try Self.sh("truncate -s \(size) '\(image)' && mkfs.\(type) -q \(force) '\(image)' && mount -o loop '\(image)' '\(path)'")
    }

    public func unmount() { try? Self.sh("umount '\(path)'") }

    /// Runs a shell command (mount, umount, mkfs), throwing with its output when it fails.
    public static func sh(_ command: String) throws {
        _ = try CLI.sh(command)
    }
}
