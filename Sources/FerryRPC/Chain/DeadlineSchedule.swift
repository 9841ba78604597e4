/// When each sector may be moved without disturbing WindowPoSt: a pure function of the deadline
/// grid, each sector's deadline and an epoch, so every decision can be tested at any "now".
///
/// Rules (issue 16 item 5): never start a sector whose deadline is open (Challenge ≤ epoch < Close)
/// or opens within the margin; while a deadline is open, device groups holding its sectors run at
/// the proving limit; sectors go in the order their deadlines closed, the most recent first, since
/// that one has the longest time until its next challenge.
public struct DeadlineSchedule: Sendable {
    public let period: ProvingPeriod
    public let marginSeconds: Int64
    public let provingLimit: ProvingLimit
    /// Each sector's deadline; a sector missing here is in no partition and is never read by WindowPoSt.
    public let deadlineOf: [UInt64: UInt64]

    public init(info: DeadlineInfo, deadlineOf: [UInt64: UInt64], marginSeconds: Int64,
                provingLimit: ProvingLimit = .pause) throws(DeadlineError) {
        let period = try ProvingPeriod(info)
        // A margin this long would defer a deadline again at the very epoch it closes: nothing could start.
        let limit = period.quietEpochs * EpochDuration.epochSeconds
        guard marginSeconds >= 0, marginSeconds < limit else { throw .badMargin(seconds: marginSeconds, limitSeconds: limit) }
        for (sector, deadline) in deadlineOf where deadline >= period.deadlines {
            throw .deadlineOutOfRange(sector: sector, deadline: deadline, deadlines: period.deadlines)
        }
        self.period = period
        self.marginSeconds = marginSeconds
        self.provingLimit = provingLimit
        self.deadlineOf = deadlineOf
    }

    /// Why a sector of `deadline` may not start at `epoch`, or nil when it may.
    public func deferral(deadline: UInt64, at epoch: Int64) -> Deferral? {
        let epoch = ProvingPeriod.clamp(epoch)
        let window = period.window(of: deadline, notClosedAt: epoch)
        if window.isOpen(at: epoch) { return .open(window) }
        let seconds = (window.challenge - epoch) * EpochDuration.epochSeconds
        return seconds <= marginSeconds ? .opensSoon(window, seconds: seconds) : nil
    }

    public func deferral(sector: UInt64, at epoch: Int64) -> Deferral? {
        deadlineOf[sector].flatMap { deferral(deadline: $0, at: epoch) }
    }

    /// The first epoch at or after `epoch` at which the sector may start. At a window's close the
    /// next challenge is `quietEpochs` away, more than the margin (checked in init), so one step suffices.
    public func earliestStart(sector: UInt64, at epoch: Int64) -> Int64 {
        deferral(sector: sector, at: epoch)?.resumeEpoch ?? epoch
    }

    /// Epochs from `epoch` to the next challenge of the sector's deadline after `epoch`;
    /// `Int64.max` for a sector in no deadline.
    public func headroom(sector: UInt64, at epoch: Int64) -> Int64 {
        guard let deadline = deadlineOf[sector] else { return Int64.max }
        let epoch = ProvingPeriod.clamp(epoch)
        var window = period.window(of: deadline, notClosedAt: epoch)
        if window.challenge <= epoch { window = period.window(of: deadline, notClosedAt: window.close) }
        return window.challenge - epoch
    }

    /// Deadlines open at `epoch`, earliest challenge first: the current one, and in the last
    /// `lookback` epochs of a window also the next, whose challenge is already drawn.
    public func openDeadlines(at epoch: Int64) -> [ProvingWindow] {
        let epoch = ProvingPeriod.clamp(epoch)
        return (0..<period.deadlines).map { period.window(of: $0, notClosedAt: epoch) }
            .filter { $0.isOpen(at: epoch) }
            .sorted { $0.challenge < $1.challenge }
    }

    /// The limit for a device group holding `sectors` at `epoch`, or nil when none of them belongs
    /// to an open deadline. With several open, the one closing last is named: the limit holds until then.
    public func throttle<S: Sequence<UInt64>>(forSectors sectors: S, at epoch: Int64) -> ProvingThrottle? {
        let open = openDeadlines(at: epoch)
        guard !open.isEmpty else { return nil }
        let held = Set(sectors.compactMap { deadlineOf[$0] })
        guard let window = open.filter({ held.contains($0.deadline) }).max(by: { $0.close < $1.close }) else { return nil }
        return ProvingThrottle(window: window, limit: provingLimit)
    }

    /// The next epoch after `epoch` at which a deadline opens or closes, i.e. when throttles change.
    public func nextThrottleChange(after epoch: Int64) -> Int64 {
        let epoch = ProvingPeriod.clamp(epoch)
        // The window not closed at `epoch` either opens later (its challenge) or is open (its close).
        return (0..<period.deadlines).map { deadline in
            let window = period.window(of: deadline, notClosedAt: epoch)
            return window.challenge > epoch ? window.challenge : window.close
        }.min() ?? epoch
    }
}
