/// What a run has done, in one measure: the bytes of data that are through every step the run
/// owes them (copy, then the re-read from the device when verifying). A rename, a file an
/// earlier run finished, or an existing destination found identical count as done too, so a
/// resumed run or a long comparison never sits at "0% 0 B/s" looking hung.
public struct ProgressEstimate: Sendable {
    public enum Work: Sendable {
        /// copy/move/export: every byte is copied, then (when verifying) re-read.
        case transfer(verifying: Bool)
        /// verify: every byte is read once.
        case hashOnly
    }

    /// What the run is doing now, judged from which counter moved since the last reading.
    public enum Phase: String, Sendable {
        case starting
        case copy
        case verify
        case compareExisting = "compare existing"
    }

    public struct Reading: Sendable {
        public var totalBytes: Int64
        /// `totalBytes` × the fraction done.
        public var doneBytes: Int64
        public var fraction: Double
        /// Over the recent window (`window` seconds), in done bytes per second.
        public var rate: Double
        public var etaSeconds: Double?
        public var phase: Phase
        public var counters: TransferCounters.Snapshot
    }

    public let totalBytes: Int64
    public let work: Work
    /// The rate looks back this far: long enough to smooth chunk bursts, short enough to follow
    /// a disk that slows down or a throttle that kicks in.
    public let window: Double
    private var samples: [(time: Double, done: Int64)] = []
    private var last = TransferCounters.Snapshot()
    private var phase = Phase.starting

    public init(totalBytes: Int64, work: Work, window: Double = 20) {
        self.totalBytes = totalBytes
        self.work = work
        self.window = window
    }

    /// Takes the counters at `time` (seconds on any monotonic clock) and returns the reading.
    public mutating func update(_ now: TransferCounters.Snapshot, at time: Double) -> Reading {
        let fraction = Self.fraction(now, total: totalBytes, work: work)
        let done = Int64(fraction * Double(totalBytes))
        samples.append((time, done))
        while let first = samples.first, time - first.time > window, samples.count > 2 { samples.removeFirst() }
        phase = Self.phase(from: last, to: now, previous: phase)
        last = now
        let rate = recentRate()
        var eta: Double?
        if fraction >= 1 { eta = 0 } else if rate > 0 { eta = Double(totalBytes - done) / rate }
        return Reading(totalBytes: totalBytes, doneBytes: done, fraction: fraction, rate: rate, etaSeconds: eta, phase: phase, counters: now)
    }

    private func recentRate() -> Double {
        guard let first = samples.first, let latest = samples.last, latest.time - first.time > 0 else { return 0 }
        return Double(latest.done - first.done) / (latest.time - first.time)
    }

    static func fraction(_ counters: TransferCounters.Snapshot, total: Int64, work: Work) -> Double {
        guard total > 0 else { return 1 }
        let done: Double
        switch work {
        case .hashOnly:
            done = Double(counters.bytesVerified + counters.bytesSettled)
        case .transfer(let verifying):
            // Comparing reads both sides: 2 × size, the same work as a verified copy.
            let passes: Double = verifying ? 2 : 1
            done = (Double(counters.bytesCopied) + (verifying ? Double(counters.bytesVerified) : 0)
                + Double(counters.bytesCompared) * passes / 2 + Double(counters.bytesSettled) * passes) / passes
        }
        return min(1, max(0, done / Double(total)))
    }

    static func phase(from old: TransferCounters.Snapshot, to new: TransferCounters.Snapshot, previous: Phase) -> Phase {
        let moved: [(Phase, Int64)] = [(.copy, new.bytesCopied - old.bytesCopied), (.verify, new.bytesVerified - old.bytesVerified),
                                       (.compareExisting, new.bytesCompared - old.bytesCompared)]
        guard let top = moved.max(by: { $0.1 < $1.1 }), top.1 > 0 else { return previous }
        return top.0
    }
}
