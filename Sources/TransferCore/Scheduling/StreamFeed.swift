import Foundation

/// What the workers ask for work: hands out files in the order `StreamScheduler` decides, and
/// is told when a file's stream ends. Shared by every worker; one lock (a condition, so a
/// worker with nothing to do sleeps until a stream ends instead of polling).
final class StreamFeed: JobFeed, @unchecked Sendable {
    private let condition = NSCondition()
    private var scheduler: StreamScheduler
    private let startGate: (@Sendable (Int) -> Bool)?
    private let makeJob: @Sendable (Int, UInt32) -> any WorkerJob

    init(_ scheduler: StreamScheduler, startGate: (@Sendable (Int) -> Bool)?, makeJob: @escaping @Sendable (Int, UInt32) -> any WorkerJob) {
        self.scheduler = scheduler
        self.startGate = startGate
        self.makeJob = makeJob
    }

    func next(_ key: UInt32) -> Worker.Offer {
        condition.lock()
        defer { condition.unlock() }
        guard scheduler.pending > 0 else { return .exhausted }
        var gated = false
        let taken = scheduler.take { index in
            guard let ready = self.startGate, !ready(index) else { return true }
            gated = true
            return false
        }
        guard let taken else { return gated ? .notYet : .busy }
        guard scheduler.opensStream(taken) else { return .job(makeJob(taken, key), stream: nil) }
        return .job(makeJob(taken, key), stream: taken)
    }

    func release(_ stream: Int) {
        condition.lock()
        scheduler.release(stream)
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps until a stream ends (or a short while passes: a WindowPoSt gate may open, a
    /// throttle may resume; no correctness depends on the wake-up).
    func waitForCapacity() {
        condition.lock()
        if scheduler.pending > 0, !scheduler.hasStartableWork {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.2))
        }
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
}

/// Where a worker gets its next job and returns its streams.
protocol JobFeed: AnyObject, Sendable {
    func next(_ key: UInt32) -> Worker.Offer
    func release(_ stream: Int)
    func waitForCapacity()
}
