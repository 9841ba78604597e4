import Foundation
public import TransferIO
public import TransferHash
import Synchronization

/// Runs items through `jobs` worker threads, each with its own queue and buffers, and returns
/// one result per item.
public enum TransferEngine {
    /// `staging`: the directory of an item's staging file, on its destination's file system
    /// (an export to several paths has one per path).
    public static func run(
        _ items: [TransferItem],
        options: TransferOptions,
        staging: @escaping @Sendable (TransferItem) -> String,
        log: any TransitionLog,
        counters: TransferCounters = TransferCounters(),
        report: @escaping @Sendable (TransferEvent) -> Void
    ) throws(Errno) -> [FileResult] {
        for directory in Set(items.map(staging)).sorted() { try FileSystem.makeDirectories(directory, permissions: 0o700) }
        let results = Mutex([FileResult]())
        let collect: @Sendable (TransferEvent) -> Void = { event in
            if case .fileFinished(let result) = event { results.withLock { $0.append(result) } }
            report(event)
        }
        let plan = StreamPlan.resolve(items, streamsPerDevice: options.streamsPerDevice)
        let sizes = items.map(\.size)
        let scheduler = StreamScheduler(lanes: plan.lanes, sizes: sizes, readLimit: plan.groups.map(\.readLimit),
                                        writeLimit: plan.groups.map(\.writeLimit), smallBelow: options.smallFile)
        let gate = options.startGate.map { ready in { @Sendable (index: Int) in ready(items[index]) } }
        let decline = options.decline
        let split = splitting(items, plan: plan, options: options)
        let feed = StreamFeed(scheduler, startGate: gate, split: split) { index, key, share in
            let item = items[index]
            // Asked as late as possible: a path that filled up since the plan sends it elsewhere.
            if let reason = decline?(item) {
                // Called under the feed's lock: the feed drops the closed share on its next turn.
                share?.closeIfPreparing(notify: false)
                return DeclinedJob(item: item, reason: reason)
            }
            // Index only: unique within the run, and never too long, whatever the file's name.
            return FileJob(key: key, item: item, stagingPath: staging(item) + "/\(index).part", split: share)
        }
        // Small files need no stream but do need rings: two workers overlap their latencies.
        let workers = sizes.contains { $0 < options.smallFile } ? max(2, plan.concurrency) : plan.concurrency
        try drive(feed, workers: workers, options: options, log: log, counters: counters, report: collect)
        let peaks = feed.peaks
        report(.streams(plan.groups.indices.map { group in
            StreamGroupSummary(group: plan.groups[group], peakReaders: peaks.readers[group], peakWriters: peaks.writers[group])
        }))
        return results.withLock { $0 }
    }

    /// Which files several rings copy at once: large ones (`TransferOptions.splitSegment`) whose
    /// source and destination groups both carry more than one stream, and only when verifying
    /// (a split copy has no whole-file digest of the source; the verify pass gives it).
    private static func splitting(_ items: [TransferItem], plan: StreamPlan, options: TransferOptions)
        -> @Sendable (Int, @escaping @Sendable () -> Void) -> SplitShare? {
        let chunk = Int64(options.chunkSize)
        let segment = (options.splitSegment + chunk - 1) / chunk * chunk
        let hook = options.segmentClaimed
        let eligible = items.indices.map { index in
            let lane = plan.lanes[index]
            return options.verify && items[index].size >= options.smallFile
                && SplitShare.splits(size: items[index].size, segment: segment)
                && plan.groups[lane.source].readLimit > 1 && plan.groups[lane.destination].writeLimit > 1
        }
        return { (index: Int, changed: @escaping @Sendable () -> Void) -> SplitShare? in
            guard eligible[index] else { return nil }
            let item = items[index]
            return SplitShare(file: index, size: item.size, segmentSize: segment,
                              claimed: hook.map { hook in { @Sendable segment in hook(item, segment.index) } }, changed: changed)
        }
    }

    /// Hashes files from the device in parallel; one result per path.
    /// `roots`: directories below which no link is followed (a path is anchored at the longest
    /// root that holds it; one outside them all guards only its last component).
    public static func hash(
        _ paths: [String],
        roots: [String] = [],
        options: TransferOptions,
        counters: TransferCounters = TransferCounters(),
        report: @escaping @Sendable (TransferEvent) -> Void
    ) throws(Errno) -> [String: Result<Digest128, HashFailure>] {
        let results = Mutex([String: Result<Digest128, HashFailure>]())
        let feed = OrderedFeed(count: paths.count) { index, key in
            let path = paths[index]
            let root = roots.filter { path.hasPrefix($0 == "/" ? "/" : $0 + "/") }.max { $0.count < $1.count }
            return HashJob(key: key, path: path, root: root) { path, result in results.withLock { $0[path] = result } }
        }
        try drive(feed, workers: paths.count, options: options, log: EphemeralLog(), counters: counters, report: report)
        return results.withLock { $0 }
    }

    /// Starts the workers (as many as the streams the feed can hand out at once, at most
    /// `jobs`) and runs them until the feed is exhausted and every job finished.
    private static func drive(
        _ feed: any JobFeed,
        workers wanted: Int,
        options requested: TransferOptions,
        log: any TransitionLog,
        counters: TransferCounters,
        report: @escaping @Sendable (TransferEvent) -> Void
    ) throws(Errno) {
        var options = requested
        if options.io == .uring, let error = IOQueueFactory.probeUring(disabledForTesting: options.uringDisabled) {
            report(.notice("io_uring is not available here (\(error)); using the posix backend"))
            options.io = .posix
        }
        let failure = Mutex<Errno?>(nil)
        let group = DispatchGroup()
        let workers = max(1, min(options.jobs, wanted, options.memoryBudget / max(1, 2 * options.chunkSize)))
        // The buffer budget is split between the workers that run, not the most that could.
        options.jobs = workers
        let frozen = options
        for index in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do throws(Errno) {
                    let queue = try makeQueue(frozen, report: report, worker: index)
                    let arena = try BufferArena(slotSize: frozen.chunkSize, slotCount: frozen.slotsPerWorker)
                    let worker = Worker(queue: queue, arena: arena, options: frozen, counters: counters, log: log, report: report)
                    try worker.run(feed: feed)
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            thread.name = "ferry-worker-\(index)"
            thread.start()
        }
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private static func makeQueue(_ options: TransferOptions, report: @Sendable (TransferEvent) -> Void, worker: Int) throws(Errno) -> any IOQueue {
        do {
            return try IOQueueFactory.make(options.io, depth: options.queueDepth, priority: options.ioPriority, worker: worker)
        } catch {
            guard options.io == .uring else { throw error }
            report(.notice("worker \(worker): io_uring setup failed (\(error)); using the posix backend"))
            return try IOQueueFactory.make(.posix, depth: options.queueDepth, priority: options.ioPriority)
        }
    }
}
