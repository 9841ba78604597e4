import Foundation

/// What the workers ask for work: hands out files in the order `StreamScheduler` decides, and
/// is told when a file's stream ends. Shared by every worker; one lock (a condition, so a
/// worker with nothing to do sleeps until a stream ends instead of polling).
final class StreamFeed: JobFeed, @unchecked Sendable {
    private let condition = NSCondition()
    private var scheduler: StreamScheduler
    private let startGate: (@Sendable (Int) -> Bool)?
    private let makeJob: @Sendable (Int, UInt32, SplitShare?) -> any WorkerJob
    /// How a file is split across rings, or nil to copy it on one (`SplitShare`).
    private let split: @Sendable (Int, @escaping @Sendable () -> Void) -> SplitShare?
    /// Split files helpers may still join, or whose lead has not yet opened them.
    private var splits: [SplitShare] = []

    init(_ scheduler: StreamScheduler, startGate: (@Sendable (Int) -> Bool)?,
         split: @escaping @Sendable (Int, @escaping @Sendable () -> Void) -> SplitShare? = { _, _ in nil },
         makeJob: @escaping @Sendable (Int, UInt32, SplitShare?) -> any WorkerJob) {
        self.scheduler = scheduler
        self.startGate = startGate
        self.split = split
        self.makeJob = makeJob
    }

    /// A new file first (the scheduler's order); else a segment helper for a split file whose
    /// lane has a free stream; `exhausted` only when no file is left and no split can take help.
    func next(_ key: UInt32) -> Worker.Offer {
        condition.lock()
        defer { condition.unlock() }
        splits.removeAll { !$0.mayOfferWork }
        var gated = false
        if scheduler.pending > 0, let taken = scheduler.take(ready: { index in
            guard let ready = self.startGate, !ready(index) else { return true }
            gated = true
            return false
        }) {
            return .job(start(taken, key), stream: scheduler.opensStream(taken) ? taken : nil)
        }
        if let share = splits.first(where: { scheduler.hasRoom(for: $0.file) && $0.join() }) {
            scheduler.join(share.file)
            return .job(SegmentJob(key: key, share: share), stream: share.file)
        }
        if scheduler.pending == 0 && splits.isEmpty { return .exhausted }
        return gated ? .notYet : .busy
    }

    private func start(_ index: Int, _ key: UInt32) -> any WorkerJob {
        let share = split(index) { [weak self] in self?.wake() }
        if let share { splits.append(share) }
        return makeJob(index, key, share)
    }

    func release(_ stream: Int) {
        condition.lock()
        scheduler.release(stream)
        condition.broadcast()
        condition.unlock()
    }

    private func wake() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps until a stream ends (or a short while passes: a WindowPoSt gate may open, a
    /// throttle may resume; no correctness depends on the wake-up).
    func waitForCapacity() {
        condition.lock()
        let joinable = splits.contains { $0.isJoinable && scheduler.hasRoom(for: $0.file) }
        if !joinable, scheduler.pending == 0 || !scheduler.hasStartableWork {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.2))
        }
        condition.unlock()
    }

    /// Sleeps while `waiting` holds, until a split file's helper leaves or fails (or a short
    /// while passes). Checked under the lock every change signals through: no wake-up is lost.
    func waitForPeers(while waiting: () -> Bool) {
        condition.lock()
        if waiting() { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.2)) }
        condition.unlock()
    }

    /// Per group: the most streams it carried at once, read and written.
    var peaks: (readers: [Int], writers: [Int]) {
        condition.lock()
        defer { condition.unlock() }
        return (scheduler.peakReaders, scheduler.peakWriters)
    }
}

/// Files handed out in plan order with no device notion: `ferry verify`'s hash passes.
final class OrderedFeed: JobFeed, @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    private let count: Int
    private let makeJob: @Sendable (Int, UInt32) -> any WorkerJob

    init(count: Int, makeJob: @escaping @Sendable (Int, UInt32) -> any WorkerJob) {
        self.count = count
        self.makeJob = makeJob
    }

    func next(_ key: UInt32) -> Worker.Offer {
        lock.lock()
        defer { lock.unlock() }
        guard position < count else { return .exhausted }
        position += 1
        return .job(makeJob(position - 1, key), stream: nil)
    }

    func release(_ stream: Int) {}
    func waitForCapacity() {}
    func waitForPeers(while waiting: () -> Bool) {}
}

/// Where a worker gets its next job and returns its streams.
protocol JobFeed: AnyObject, Sendable {
    func next(_ key: UInt32) -> Worker.Offer
    func release(_ stream: Int)
    func waitForCapacity()
    func waitForPeers(while waiting: () -> Bool)
}
