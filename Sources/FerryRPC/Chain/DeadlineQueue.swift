/// Hands out sectors one at a time as a run goes on, re-deciding at each call with the epoch of
/// that moment: a static order made at the start goes stale as deadlines open and close during a
/// long migration, while this always takes the deadline that closed most recently among those
/// still safe. Sectors are kept per deadline (at most 48 buckets), so a pick costs O(deadlines).
public struct DeadlineQueue: Sendable {
    public enum Next: Sendable, Equatable {
        case start(UInt64)
        /// Nothing may start before `until`; `reasons` has one deferral per waiting deadline.
        case wait(until: Int64, reasons: [Deferral])
        case done
    }

    public let schedule: DeadlineSchedule
    /// Per deadline, sectors in descending order so `popLast` yields the lowest number.
    private var buckets: [UInt64: [UInt64]] = [:]
    private var unplaced: [UInt64]

    public init(schedule: DeadlineSchedule, sectors: [UInt64]) {
        self.schedule = schedule
        var unplaced: [UInt64] = []
        for sector in Set(sectors) {
            if let deadline = schedule.deadlineOf[sector] { buckets[deadline, default: []].append(sector) } else { unplaced.append(sector) }
        }
        for key in buckets.keys { buckets[key]?.sort(by: >) }
        self.unplaced = unplaced.sorted(by: >)
    }

    public var remaining: Int { unplaced.count + buckets.values.reduce(0) { $0 + $1.count } }

    /// The next sector to start at `epoch`, or how long to wait and why.
    public mutating func next(at epoch: Int64) -> Next {
        if let sector = unplaced.popLast() { return .start(sector) }
        let waiting = buckets.filter { !$0.value.isEmpty }.keys
        guard !waiting.isEmpty else { return .done }
        let startable = waiting.filter { schedule.deferral(deadline: $0, at: epoch) == nil }
        let best = startable.max { headroom($0, epoch) < headroom($1, epoch) }
        if let best, let sector = buckets[best]?.popLast() { return .start(sector) }
        let reasons = waiting.compactMap { schedule.deferral(deadline: $0, at: epoch) }.sorted { $0.resumeEpoch < $1.resumeEpoch }
        return .wait(until: reasons.first?.resumeEpoch ?? epoch, reasons: reasons)
    }

    /// Takes out every sector whose deadline is deferred at `epoch`, each with its reason, in the
    /// order they could start (for `--defer skip`, when `next` says wait). Sectors of deadlines
    /// that are safe at `epoch` stay queued.
    public mutating func drainDeferred(at epoch: Int64) -> [DeferredSector] {
        var out: [DeferredSector] = []
        for deadline in buckets.keys.sorted() {
            guard let deferral = schedule.deferral(deadline: deadline, at: epoch) else { continue }
            out += (buckets[deadline] ?? []).reversed().map { DeferredSector(sector: $0, deferral: deferral) }
            buckets[deadline] = nil
        }
        return out.sorted { ($0.deferral.resumeEpoch, $0.sector) < ($1.deferral.resumeEpoch, $1.sector) }
    }

    private func headroom(_ deadline: UInt64, _ epoch: Int64) -> Int64 {
        schedule.period.window(of: deadline, notClosedAt: epoch).challenge - epoch
    }
}
