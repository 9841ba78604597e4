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
    /// True while the job reads its source (its stream is open); false once its copy pass is
    /// over, when its sync and re-read go on beside the next file's copy.
    var streaming: Bool { get }
    /// True while the job runs a chunk pass that wants buffers (copy or verify).
    var passing: Bool { get }
    /// The file's size: a large one gets a worker's ring to itself while it streams.
    var bytes: Int64 { get }
    /// True while the job waits for other workers' jobs (a split file's lead, for its helpers).
    var awaitsPeers: Bool { get }
    /// Its worker is ending on an error: release whatever other workers' jobs wait for.
    func abandonPeers(_ reason: String)
}

extension WorkerJob {
    var awaitsPeers: Bool { false }
    func abandonPeers(_ reason: String) {}
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
    /// The open stream of each job still reading its source.
    private var streams: [UInt32: Int] = [:]
    /// Buffers one chunk pass may hold: all of them alone, a fair share beside other passes,
    /// so a verify re-read never starves the next file's copy (or the reverse).
    private(set) var passShare = 0
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

    /// A free buffer, unless the queue is already as deep as allowed or the pass holds its share.
    func takeSlot(holding: Int = 0) -> Int? {
        guard inflight < options.queueDepth, holding < passShare else { return nil }
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

    /// What the feed has for a worker asking for work.
    enum Offer {
        /// A file to run; `stream` is its open stream, returned to the feed when its copy ends.
        case job(any WorkerJob, stream: Int?)
        /// The next file may not start yet (its WindowPoSt deadline is near); ask again later.
        case notYet
        /// Every group with work left carries all the streams it may; ask once one ends.
        case busy
        case exhausted
    }

    /// Runs until the feed has no more jobs and every admitted job has finished.
    func run(feed: any JobFeed) throws(Errno) {
        var exhausted = false
        while true {
            // Paused (`ferry throttle pause`): no new file starts; the ones running drain.
            let paused = options.throttle?.isPaused ?? false
            throttled = false
            var waiting: Offer?
            if !exhausted, !paused { waiting = admit(feed) }
            if case .exhausted = waiting { exhausted = true }
            pumpAll(feed)
            if exhausted && order.isEmpty {
                for directory in touchedDirectories { try? FileSystem.syncDirectory(directory) }
                return
            }
            if inflight > 0 {
                do throws(Errno) {
                    try reap(feed)
                } catch {
                    abandon(feed, error)
                    throw error
                }
            } else if order.contains(where: { jobs[$0]!.awaitsJournal }) {
                log.waitForDurability()
            } else if throttled || paused, let throttle = options.throttle {
                throttle.wait()
            } else if order.contains(where: { jobs[$0]!.awaitsPeers }) {
                feed.waitForPeers { order.contains { jobs[$0]!.awaitsPeers } }
            } else if case .notYet = waiting {
                Thread.sleep(forTimeInterval: 0.2)
            } else if case .busy = waiting {
                feed.waitForCapacity()
            }
        }
    }

    /// This worker's ring failed and the worker ends: its streams go back to the feed, so no
    /// lane waits for them forever, and its split-file jobs let their peers go (a lead's helpers
    /// stop; a helper's lead fails the file rather than wait for it).
    private func abandon(_ feed: any JobFeed, _ error: Errno) {
        // Operations the kernel may still complete write into these buffers: they must outlive
        // this worker (the run is ending with an error anyway), so they are leaked on purpose.
        if inflight > 0 { _ = Unmanaged.passRetained(arena) }
        // Peers first: a stream released before its share failed could let a worker join it.
        for key in order { jobs[key]!.abandonPeers("the worker's io_uring failed: \(error)") }
        for (_, stream) in streams { feed.release(stream) }
        streams.removeAll()
    }

    /// Takes files from the feed while this worker has room: fewer than `filesPerWorker` files,
    /// a free buffer, and no large file of its own still reading its source (a large file gets
    /// a ring to itself; small files share one). Returns why it stopped asking (nil: no room).
    private func admit(_ feed: any JobFeed) -> Offer? {
        while order.count < options.filesPerWorker, order.isEmpty || !freeSlots.isEmpty,
              !streams.keys.contains(where: { jobs[$0]!.bytes >= Int64(options.chunkSize) * 16 }) {
            let offer = feed.next(nextKey)
            guard case .job(let job, let stream) = offer else { return offer }
            jobs[nextKey] = job
            order.append(nextKey)
            if let stream { streams[nextKey] = stream }
            nextKey &+= 1
        }
        return nil
    }

    /// Advances every job; closes the streams of jobs whose copy pass is over.
    private func pumpAll(_ feed: any JobFeed) {
        passShare = max(1, arena.slotCount / max(1, order.count { jobs[$0]!.passing }))
        order.removeAll { key in
            let finished = jobs[key]!.pump(self)
            if let stream = streams[key], finished || !jobs[key]!.streaming {
                streams[key] = nil
                feed.release(stream)
            }
            if finished { jobs[key] = nil }
            return finished
        }
    }

    private func reap(_ feed: any JobFeed) throws(Errno) {
        completions.removeAll(keepingCapacity: true)
        try queue.submit(waitingFor: 1, into: &completions)
        for completion in completions {
            inflight -= 1
            let tag = Tag(completion.tag)
            jobs[tag.job]?.completed(tag, result: completion.result, worker: self)
        }
    }
}
