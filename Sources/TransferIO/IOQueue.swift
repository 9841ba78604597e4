import Glibc

/// One asynchronous I/O operation. Buffers are owned by the caller (a `BufferArena` slot) and
/// must stay untouched until the operation's completion has been reaped.
public enum IORequest {
    case read(fd: Int32, offset: Int64, buffer: UnsafeMutableRawPointer, length: Int, slot: Int32)
    case write(fd: Int32, offset: Int64, buffer: UnsafeMutableRawPointer, length: Int, slot: Int32)
    /// fsync (data and the metadata needed to read it back, plus mode and times).
    case sync(fd: Int32)
}

public struct IOCompletion: Sendable {
    public var tag: UInt64
    /// Bytes transferred, or a negated errno.
    public var result: Int32

    public init(tag: UInt64, result: Int32) {
        self.tag = tag
        self.result = result
    }
}

/// A submission/completion queue owned by exactly one worker thread (io_uring, plain syscalls,
/// or the fault-injecting simulator). Not thread-safe on purpose: ownership is the lock.
public protocol IOQueue: AnyObject {
    var backendName: String { get }
    /// Queues a request; it goes to the kernel on the next `submit`.
    func enqueue(_ request: IORequest, tag: UInt64)
    /// Submits everything queued, then appends completions to `completions`, blocking until at
    /// least `minimum` have arrived. Never call with a minimum above the operations in flight.
    func submit(waitingFor minimum: Int, into completions: inout [IOCompletion]) throws(Errno)
    /// Registers the arena's slots as fixed buffers; false when the backend cannot.
    func register(_ arena: BufferArena) -> Bool
}

/// Which queue implementation the engine uses.
public enum IOBackendKind: Sendable, Equatable {
    case uring
    case posix
    case simulated(FaultPlan)

    public var name: String {
        switch self {
        case .uring: "uring"
        case .posix: "posix"
        case .simulated: "simulated"
        }
    }
}

public enum IOQueueFactory {
    /// Builds a queue on the calling thread (io_uring's SINGLE_ISSUER binds the ring to it).
    /// `priority` goes into every read and write: `sqe->ioprio` on io_uring, the worker thread's
    /// own priority (ioprio_set) for the posix backend.
    /// `worker`: which worker the queue is for (a fault plan may break one worker's ring only).
    public static func make(_ kind: IOBackendKind, depth: Int, priority: IOPriority? = nil, worker: Int = 0) throws(Errno) -> any IOQueue {
        switch kind {
        case .uring: return try UringQueue(entries: depth, priority: priority)
        case .posix:
            try priority?.applyToCurrentThread()
            return PosixQueue()
        case .simulated(let plan): return SimulatedQueue(plan: plan.forWorker(worker))
        }
    }

    /// Whether io_uring can be set up here (it may be disabled by sysctl or seccomp).
    /// `disabledForTesting` behaves as on a host with kernel.io_uring_disabled=2 (which cannot be
    /// set for one process without affecting everything else on the machine).
    public static func probeUring(disabledForTesting: Bool = false) -> Errno? {
        if disabledForTesting { return .notPermitted }
        do {
            _ = try UringQueue(entries: 2)
            return nil
        } catch {
            return error
        }
    }
}
