import Glibc

/// Where and how the simulated backend misbehaves. Seeded, so a failing seed replays exactly.
public struct FaultPlan: Sendable, Equatable {
    public var seed: UInt64
    /// Chance per read/write of doing only part of it (a short read or write).
    public var shortTransfer: Double
    /// Chance per operation of answering EAGAIN without doing anything.
    public var tryAgain: Double
    /// Completions of one submission come back in a shuffled order.
    public var reorder: Bool
    /// Fail the operation with this sequence number (0-based, counting every operation the
    /// queue sees) with the given error, doing nothing.
    public var failAt: [Int: Errno]
    /// Chance per write of failing with `randomWriteError`.
    public var writeErrorRate: Double
    public var randomWriteError: Errno
    /// The ring itself fails: the submission with this sequence number (0-based, counting every
    /// submit a queue sees) throws EIO without performing anything, as an io_uring_enter error
    /// would; the worker owning the queue then ends.
    public var failSubmitAt: Int?
    /// Which worker's queue `failSubmitAt` breaks (the others run on): one dead worker among
    /// live ones is the case that must not hold the run up.
    public var failSubmitWorker = 0

    public init(seed: UInt64, shortTransfer: Double = 0, tryAgain: Double = 0, reorder: Bool = false,
                failAt: [Int: Errno] = [:], writeErrorRate: Double = 0, randomWriteError: Errno = .ioError,
                failSubmitAt: Int? = nil) {
        self.seed = seed
        self.shortTransfer = shortTransfer
        self.tryAgain = tryAgain
        self.reorder = reorder
        self.failAt = failAt
        self.writeErrorRate = writeErrorRate
        self.randomWriteError = randomWriteError
        self.failSubmitAt = failSubmitAt
    }
}

extension FaultPlan {
    /// The plan of worker `index`'s queue: the same faults, but the ring fails only in one.
    func forWorker(_ index: Int) -> FaultPlan {
        var plan = self
        if index != failSubmitWorker { plan.failSubmitAt = nil }
        return plan
    }
}

/// Performs real I/O on real files, but injects short transfers, EAGAIN, chosen errors and
/// reordered completions, deterministically from the plan's seed (TigerBeetle-style storage
/// simulator, on top of the file system instead of memory). Renames, unlinks and directory
/// fsyncs are not ring I/O: `SimulatedNamespace` faults those, and writes its fault model down.
final class SimulatedQueue: IOQueue {
    private var pending: [(IORequest, UInt64)] = []
    private var rng: SplitMix64
    private var sequence = 0
    private var submits = 0
    private let plan: FaultPlan
    let backendName = "simulated (fault injection)"

    init(plan: FaultPlan) {
        self.plan = plan
        rng = SplitMix64(seed: plan.seed)
    }

    func register(_ arena: BufferArena) -> Bool { false }

    func enqueue(_ request: IORequest, tag: UInt64) {
        pending.append((request, tag))
    }

    func submit(waitingFor minimum: Int, into completions: inout [IOCompletion]) throws(Errno) {
        defer { submits += 1 }
        if submits == plan.failSubmitAt {
            pending.removeAll()
            throw .ioError
        }
        var batch: [IOCompletion] = []
        for (request, tag) in pending {
            batch.append(IOCompletion(tag: tag, result: perform(request)))
        }
        pending.removeAll(keepingCapacity: true)
        if plan.reorder && batch.count > 1 {
            for i in stride(from: batch.count - 1, to: 0, by: -1) {
                batch.swapAt(i, Int(rng.next() % UInt64(i + 1)))
            }
        }
        completions.append(contentsOf: batch)
    }

    private func perform(_ request: IORequest) -> Int32 {
        defer { sequence += 1 }
        if let error = plan.failAt[sequence] { return -error.rawValue }
        if rng.chance(plan.tryAgain) { return -EAGAIN }
        switch request {
        case let .read(fd, offset, buffer, length, slot):
            return PosixQueue.execute(.read(fd: fd, offset: offset, buffer: buffer, length: shorten(length), slot: slot))
        case let .write(fd, offset, buffer, length, slot):
            if rng.chance(plan.writeErrorRate) { return -plan.randomWriteError.rawValue }
            return PosixQueue.execute(.write(fd: fd, offset: offset, buffer: buffer, length: shorten(length), slot: slot))
        case .sync:
            return PosixQueue.execute(request)
        }
    }

    /// A short transfer stops at a 4 KiB boundary, as a real device would, unless the
    /// request is smaller than that.
    private func shorten(_ length: Int) -> Int {
        guard length > 4096, rng.chance(plan.shortTransfer) else { return length }
        let blocks = length / 4096
        return 4096 * max(1, Int(rng.next() % UInt64(blocks)))
    }
}

