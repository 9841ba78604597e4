import Glibc
internal import CLinuxShims

/// `--io-priority`: the I/O scheduling class of ferry's reads and writes, so WindowPoSt's
/// challenge reads on the same disks go first. Only schedulers that honour priorities (BFQ, and
/// mq-deadline since Linux 5.14) act on it; see `BlockDevice.scheduler`.
public enum IOPriority: Sendable, Equatable, CustomStringConvertible {
    /// Served only when the disk has nothing else to do.
    case idle
    /// The normal class at level 0 (highest) … 7 (lowest).
    case bestEffort(level: Int)

    /// `idle`, `best-effort` (level 4, the kernel's default) or `best-effort:N`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false)
        switch (parts.first, parts.count) {
        case ("idle", 1): self = .idle
        case ("best-effort", 1): self = .bestEffort(level: 4)
        case ("best-effort", 2):
            guard let level = Int(parts[1]), (0...7).contains(level), parts[1].count == 1 else { return nil }
            self = .bestEffort(level: level)
        default: return nil
        }
    }

    /// IOPRIO_PRIO_VALUE(class, data): class in the top 3 of 16 bits (2 best-effort, 3 idle).
    public var rawValue: UInt16 {
        switch self {
        case .idle: 3 << 13
        case .bestEffort(let level): 2 << 13 | UInt16(level)
        }
    }

    public var description: String {
        switch self {
        case .idle: "idle"
        case .bestEffort(let level): "best-effort:\(level)"
        }
    }

    /// The calling thread's priority value as the kernel reports it (IOPRIO_PRIO_VALUE).
    public static func currentThreadValue() -> Int { Int(ferry_ioprio_get_thread()) }

    /// For the posix backend: the calling thread's priority (Linux keeps it per thread).
    public func applyToCurrentThread() throws(Errno) {
        let rc = ferry_ioprio_set_thread(Int32(rawValue))
        if rc < 0 { throw Errno(rawValue: -rc) }
    }
}

/// What sysfs says about the block device under a file system.
public enum BlockDevice {
    /// The device's name and its active I/O scheduler (`none`, `mq-deadline`, `bfq`, `kyber`), or
    /// nil for file systems with no block device (major 0: tmpfs, btrfs, NFS, overlay).
    public static func scheduler(of path: String) -> (device: String, scheduler: String)? {
        guard let dev = try? FileSystem.status(path).device else { return nil }
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff)
        let minor = (dev & 0xff) | ((dev >> 12) & ~0xff)
        guard major != 0 else { return nil }
        let base = "/sys/dev/block/\(major):\(minor)"
        // A partition has no queue/ of its own: its disk (the parent directory) does.
        for queue in [base + "/queue/scheduler", base + "/../queue/scheduler"] {
            guard let text = readSmallFile(queue) else { continue }
            // "[none] mq-deadline": the bracketed one is in use.
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            let active = words.first { $0.hasPrefix("[") }.map { String($0.filter { $0 != "[" && $0 != "]" }) }
            let name = readSmallFile(base + "/uevent")?.split(separator: "\n").first { $0.hasPrefix("DEVNAME=") }?.dropFirst(8)
            return (name.map(String.init) ?? "\(major):\(minor)", active ?? words.first.map(String.init) ?? "unknown")
        }
        return nil
    }

    private static func readSmallFile(_ path: String) -> String? {
        guard let fd = try? FileSystem.open(path, .readOnly) else { return nil }
        defer { FileSystem.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { (try? FileSystem.read(fd: fd, into: $0, offset: 0)) ?? 0 }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}

extension IOPriority {
    /// One line per device under `paths` whose scheduler ignores I/O priorities (`none`,
    /// `kyber`): there the flag cannot protect WindowPoSt's reads, and the user should know.
    public static func mootNotices(_ priority: IOPriority, paths: [String]) -> [String] {
        var seen = Set<String>()
        var notices: [String] = []
        for path in paths {
            guard let (device, scheduler) = BlockDevice.scheduler(of: path), seen.insert(device).inserted,
                  scheduler == "none" || scheduler == "kyber" else { continue }
            notices.append("--io-priority \(priority) has no effect on \(device) (under \(path)): its I/O scheduler is \(scheduler), which ignores priorities; bfq honours them (echo bfq > /sys/block/\(device)/queue/scheduler)")
        }
        return notices
    }
}
