import Synchronization
public import TransferIO

/// `--min-free`: how much free space a destination file system keeps, whatever ferry writes.
public enum MinFree: Sendable, Equatable, CustomStringConvertible {
    /// 1% of the file system, and at least 1 GiB on file systems of 100 GiB or more (small test
    /// and scratch file systems would otherwise be full before the first byte).
    case automatic
    case bytes(Int64)
    case percent(Double)

    public func threshold(total: Int64) -> Int64 {
        switch self {
        case .automatic: max(total / 100, total >= 100 << 30 ? 1 << 30 : 0)
        case .bytes(let bytes): bytes
        case .percent(let percent): Int64(Double(total) * percent / 100)
        }
    }

    public var description: String {
        switch self {
        case .automatic: "1% (at least 1 GiB)"
        case .bytes(let bytes): "\(bytes) bytes"
        case .percent(let percent): "\(percent)%"
        }
    }
}

/// Admits a file onto its destination file system only if, after it, at least `--min-free` stays
/// free. The check and the preallocation that claims the space happen under one lock, so two
/// workers cannot both take the last gigabytes. Once a file system refused a file it stays
/// stopped for the run: the sectors after it would only be split or half-written there.
public final class SpaceGuard: Sendable {
    public let minFree: MinFree
    private let stopped = Mutex(Set<UInt64>())

    public init(minFree: MinFree) { self.minFree = minFree }

    /// Runs `claim` (the fallocate) if `bytes` fit above the threshold on `fd`'s file system;
    /// else returns why not and runs nothing.
    public func claim(_ bytes: Int64, fd: Int32, device: UInt64, _ claim: () throws(Errno) -> Void) throws(Errno) -> String? {
        try stopped.withLock { stopped throws(Errno) -> String? in
            if stopped.contains(device) {
                return "not started: an earlier file found the destination at its --min-free limit; nothing more goes there in this run"
            }
            let space = try FileSystem.space(fd: fd)
            let keep = minFree.threshold(total: space.total)
            guard space.available - bytes >= keep else {
                stopped.insert(device)
                return "not started: it needs \(bytes) bytes and would leave less than --min-free (\(keep) bytes) of the \(space.available) bytes free on the destination; nothing was written"
            }
            try claim()
            return nil
        }
    }
}
