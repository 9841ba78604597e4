import Foundation
import TransferIO

enum OpKind: UInt64 {
    case read = 0, write = 1, sync = 2, verifyRead = 3
}

/// What a completion belongs to, packed into io_uring's 64-bit user data.
struct Tag {
    let job: UInt32
    let kind: OpKind
    let chunk: Int

    init(job: UInt32, kind: OpKind, chunk: Int) {
        self.job = job
        self.kind = kind
        self.chunk = chunk
    }

    init(_ raw: UInt64) {
        job = UInt32(raw >> 32)
        kind = OpKind(rawValue: (raw >> 28) & 0xF)!
        chunk = Int(raw & 0x0FFF_FFFF)
    }

    var raw: UInt64 { UInt64(job) << 32 | kind.rawValue << 28 | UInt64(chunk) }
}

/// A unit of work a worker drives: a file transfer or a hash-only pass.
protocol WorkerJob: AnyObject {
    /// Advances every step that does not wait for I/O; returns true once finished.
    func pump(_ worker: Worker) -> Bool
    func completed(_ tag: Tag, result: Int32, worker: Worker)
    /// True while the job waits for the journal, not for the ring.
    var awaitsJournal: Bool { get }
}

/// One thread's completion loop (TigerBeetle-style): it owns one queue, one buffer arena and
/// the jobs it admitted; nothing here is shared, so nothing here is locked.
final class Worker {
    let queue: any IOQueue
    let counters: TransferCounters
    let log: any TransitionLog
    let options: TransferOptions
    let report: @Sendable (TransferEvent) -> Void
    private let arena: BufferArena
    private var freeSlots: [Int]
    private(set) var inflight = 0
    private var jobs: [UInt32: any WorkerJob] = [:]
    private var order: [UInt32] = []
    private var nextKey: UInt32 = 1
    private var completions: [IOCompletion] = []
    private var buffersRegistered = false
    /// Directories whose renames still need an fsync; synced when the worker ends.
    var touchedDirectories = Set<String>()
    /// Set when the throttle refused a read in this round of pumping.
    var throttled = false

    init(queue: any IOQueue, arena: BufferArena, options: TransferOptions, counters: TransferCounters,
         log: any TransitionLog, report: @escaping @Sendable (TransferEvent) -> Void) {
        self.queue = queue
        self.report = report
        self.arena = arena
        self.options = options
        self.counters = counters
        self.log = log
        freeSlots = Array((0..<arena.slotCount).reversed())
        completions.reserveCapacity(arena.slotCount * 2)
    }

    func buffer(_ slot: Int) -> UnsafeMutableRawPointer { arena.slot(slot) }

    /// A free buffer, unless the queue is already as deep as allowed.
    func takeSlot() -> Int? {
        guard inflight < options.queueDepth else { return nil }
        if !buffersRegistered {
            // Registering pins the whole arena (tens of ms for 256 MiB): only pay for it when
            // data actually moves, not for runs that are all renames.
            buffersRegistered = true
            _ = queue.register(arena)
        }
        return freeSlots.popLast()
    }

    func giveSlot(_ slot: Int) { freeSlots.append(slot) }

    func submit(_ request: IORequest, tag: Tag) {
        inflight += 1
        queue.enqueue(request, tag: tag.raw)
    }

    /// Runs until `next` has no more jobs and every admitted job has finished.
    /// What the feeder has for a worker asking for work.
    enum Offer {
        case job(any WorkerJob)
        /// The next file may not start yet (its WindowPoSt deadline is near); ask again later.
        case notYet
        case exhausted
    }

    func run(next: (UInt32) -> Offer) throws(Errno) {
        var exhausted = false
        while true {
            // Paused (`ferry throttle pause`): no new file starts; the ones running drain.
            let paused = options.throttle?.isPaused ?? false
            throttled = false
            var gated = false
            admission: while !exhausted, !paused, order.count < options.filesPerWorker, order.isEmpty || !freeSlots.isEmpty {
                let job: any WorkerJob
                switch next(nextKey) {
                case .exhausted:
                    exhausted = true
                    break admission
                case .notYet:
                    gated = true
                    break admission
                case .job(let offered):
                    job = offered
                }
                jobs[nextKey] = job
                order.append(nextKey)
                nextKey &+= 1
            }
            order.removeAll { key in
                guard jobs[key]!.pump(self) else { return false }
                jobs[key] = nil
                return true
            }
            if exhausted && order.isEmpty {
                for directory in touchedDirectories { try? FileSystem.syncDirectory(directory) }
                return
            }
            if inflight > 0 {
                completions.removeAll(keepingCapacity: true)
                try queue.submit(waitingFor: 1, into: &completions)
                for completion in completions {
                    inflight -= 1
                    let tag = Tag(completion.tag)
                    jobs[tag.job]?.completed(tag, result: completion.result, worker: self)
                }
            } else if order.contains(where: { jobs[$0]!.awaitsJournal }) {
                log.waitForDurability()
            } else if throttled || paused, let throttle = options.throttle {
                throttle.wait()
            } else if gated {
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }
}
