import Foundation
@testable import TransferIO

/// Loop devices and mounts made for one test, undone by `cleanUp` (lazy unmounts first, then
/// detaches), in a unique directory under /tmp.
final class LoopScratch {
    let dir: String
    private var loops: [String] = []
    private var mounts: [String] = []

    init() throws {
        dir = "/tmp/devgroup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    /// A loop device over a fresh sparse image.
    func loop(size: Int = 64 << 20) throws -> String {
        let image = try self.image(size: size)
        let device = try Self.sh("losetup -fP --show \(image)").trimmingCharacters(in: .whitespacesAndNewlines)
        loops.append(device)
        return device
    }

    /// A loop device with an MBR of `partitions` 24 MiB partitions. The kernel here may not parse
    /// partition tables itself (CONFIG_MSDOS_PARTITION), so partx adds them (BLKPG), as udev would.
    func partitionedLoop(partitions: Int) throws -> String {
        let image = try self.image(size: (partitions * 24 + 2) << 20)
        var mbr = [UInt8](repeating: 0, count: 512)
        for index in 0..<partitions {
            let start = UInt32(2048 + index * 24 * 2048), count = UInt32(24 * 2048)
            let entry = 446 + index * 16
            mbr[entry + 4] = 0x83
            for byte in 0..<4 {
                mbr[entry + 8 + byte] = UInt8(truncatingIfNeeded: start >> (8 * UInt32(byte)))
                mbr[entry + 12 + byte] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(byte)))
            }
        }
        (mbr[510], mbr[511]) = (0x55, 0xAA)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
        try handle.write(contentsOf: Data(mbr))
        try handle.close()
        let device = try Self.sh("losetup -fP --show \(image)").trimmingCharacters(in: .whitespacesAndNewlines)
        loops.append(device)
        if !FileManager.default.fileExists(atPath: device + "p1") { try Self.sh("partx -a \(device)") }
        return device
    }

    /// Mounts `source` (a block device, made ext4 first, or "tmpfs") on a new directory.
    func mount(_ source: String, type: String) throws -> String {
        let point = dir + "/m\(mounts.count)"
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        if type != "tmpfs" { try Self.sh("mkfs.\(type) -q -F \(source)") }
        try Self.sh("mount -t \(type) \(source) \(point)")
        mounts.append(point)
        return point
    }

    func cleanUp() {
        for point in mounts.reversed() { _ = try? Self.sh("umount -l \(point)") }
        for device in loops.reversed() {
            _ = try? Self.sh("partx -d \(device) 2>/dev/null; losetup -d \(device)")
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func image(size: Int) throws -> String {
        let path = dir + "/image\(loops.count)"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return path
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    static func sh(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(description: "\(command): \(String(decoding: error, as: UTF8.self))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// A small sysfs tree: `devices/…/block/NAME` directories with `queue/rotational`, partitions
/// with a `partition` file, stacked devices with `slaves/` links and `dm/uuid`, and the
/// `dev/block/MAJ:MIN` links, laid out as the kernel does (Documentation/ABI sysfs-block).
final class FakeSysfs {
    let root: String
    private var directories: [String: String] = [:]
    private var disks = 0

    init() throws {
        root = "/tmp/fake-sysfs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/dev/block", withIntermediateDirectories: true)
    }

    /// sdX disks get 8:(16 × n), their partitions 8:(16 × n + i).
    func disk(_ name: String, rotational: Bool, partitions: Int = 0) throws {
        let minor = disks * 16
        disks += 1
        let directory = root + "/devices/pci0000:00/block/" + name
        try node(name, directory: directory, number: "8:\(minor)")
        try write(directory + "/queue/rotational", rotational ? "1" : "0")
        for index in 1...max(partitions, 1) where partitions > 0 {
            let partition = directory + "/\(name)\(index)"
            try node(name + "\(index)", directory: partition, number: "8:\(minor + index)")
            try write(partition + "/partition", "\(index)")
        }
    }

    /// An md or dm device over `slaves` (names given to `disk` or `stacked` before).
    func stacked(_ name: String, number: String, slaves: [String], uuid: String? = nil) throws {
        let directory = root + "/devices/virtual/block/" + name
        try node(name, directory: directory, number: number)
        try write(directory + "/queue/rotational", "0")
        try FileManager.default.createDirectory(atPath: directory + "/slaves", withIntermediateDirectories: true)
        for slave in slaves {
            try FileManager.default.createSymbolicLink(atPath: directory + "/slaves/" + slave, withDestinationPath: directories[slave]!)
        }
        if let uuid { try write(directory + "/dm/uuid", uuid) }
    }

    func device(_ number: String) -> UInt64 {
        let parts = number.split(separator: ":").map { UInt64($0)! }
        return MountInfo.makeDevice(major: parts[0], minor: parts[1])
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    private func node(_ name: String, directory: String, number: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write(directory + "/dev", number)
        try FileManager.default.createSymbolicLink(atPath: root + "/dev/block/" + number, withDestinationPath: directory)
        directories[name] = directory
    }

    private func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: FileSystem.parentDirectory(of: path), withIntermediateDirectories: true)
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }
}
