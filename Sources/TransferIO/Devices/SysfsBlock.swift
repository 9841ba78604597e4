import Glibc

/// The leaf disks under one block device, read from sysfs (Documentation/ABI sysfs-dev,
/// sysfs-block): `dev/block/MAJ:MIN` → the device's directory; a partition's parent directory
/// is its disk; a dm partition (`dm/uuid` "part…") stands on its one slave; md, dm and LVM list
/// their members in `slaves/`. A loop device has no slaves, so it is its own leaf: its backing
/// file is not followed (its I/O is the loop device's queue, which is what gets busy).
struct SysfsBlock {
    struct Resolved: Equatable {
        /// The whole device the path's file system sits on (after partition → disk).
        var whole: String
        /// Leaf kernel names with their `queue/rotational` (nil when unreadable).
        var leaves: [String: Bool?]
    }

    let root: String
    private static let maxDepth = 16

    /// nil when sysfs has no entry for the number (major 0, a container without /sys, a fake tree).
    func resolve(_ number: DeviceNumber) -> Resolved? {
        guard let start = Self.realPath("\(root)/dev/block/\(number)") else { return nil }
        let whole = wholeDevice(start)
        var leaves: [String: Bool?] = [:]
        collectLeaves(whole, depth: 0, into: &leaves)
        guard !leaves.isEmpty else { return nil }
        return Resolved(whole: Self.lastComponent(whole), leaves: leaves)
    }

    /// A partition's disk: the parent directory for a real partition, the single slave for a
    /// device-mapper partition (kpartx, multipath partitions).
    private func wholeDevice(_ directory: String) -> String {
        if Self.exists(directory + "/partition") { return Self.parent(of: directory) }
        if let uuid = Self.readLine(directory + "/dm/uuid"), uuid.hasPrefix("part") {
            let slaves = Self.slaves(of: directory)
            if slaves.count == 1, let slave = Self.realPath(directory + "/slaves/" + slaves[0]) { return wholeDevice(slave) }
        }
        return directory
    }

    private func collectLeaves(_ directory: String, depth: Int, into leaves: inout [String: Bool?]) {
        let slaves = Self.slaves(of: directory)
        // The depth bound only guards against a malformed tree; real stacks are a few levels.
        if slaves.isEmpty || depth >= Self.maxDepth {
            leaves[Self.lastComponent(directory)] = Self.readLine(directory + "/queue/rotational").map { $0 == "1" }
            return
        }
        for slave in slaves {
            guard let target = Self.realPath(directory + "/slaves/" + slave) else { continue }
            collectLeaves(wholeDevice(target), depth: depth + 1, into: &leaves)
        }
    }

    private static func slaves(of directory: String) -> [String] {
        ((try? FileSystem.listDirectory(directory + "/slaves")) ?? []).sorted()
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = PathBytes.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        let bytes = UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self)
        return PathBytes.decode(UnsafeBufferPointer(start: bytes, count: strlen(resolved)))
    }

    static func readLine(_ path: String) -> String? {
        let fd = PathBytes.withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self).trimmingSpaceAndNewlines()
    }

    static func exists(_ path: String) -> Bool { FileSystem.exists(path) }
    static func parent(of path: String) -> String { FileSystem.parentDirectory(of: path) }
    static func lastComponent(_ path: String) -> String { String(path.split(separator: "/").last ?? Substring(path)) }
}

extension String {
    fileprivate func trimmingSpaceAndNewlines() -> String {
        var view = Substring(self)
        while let last = view.last, last == "\n" || last == " " || last == "\t" { view = view.dropLast() }
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        return String(view)
    }
}
