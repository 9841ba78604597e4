/// A miner's deadline grid: deadline `d` opens at `anchor + d·window + k·period` for every integer
/// `k`, is challenged `lookback` epochs before that and closes `window` epochs after.
///
/// Built from a validated `dline.Info`, then asked about any epoch. Only the period start and the
/// constants are used, not `Index`: for a miner whose deadline cron is inactive lotus reports a
/// stale index, while the grid itself never moves.
public struct ProvingPeriod: Sendable, Equatable {
    public let deadlines: UInt64
    public let windowEpochs: Int64
    public let lookbackEpochs: Int64
    public let periodEpochs: Int64
    /// A period start; any other lies a whole number of periods away.
    public let anchor: Int64

    /// Bounds that keep every sum and product below in Int64 (period ≤ 2^30, epochs ≤ 2^60), far
    /// beyond any real chain: mainnet has 48 × 60 epochs and is below epoch 2^23.
    static let maxDeadlines: UInt64 = 1024
    static let maxWindow: Int64 = 1 << 20
    static let maxInfoEpoch: UInt64 = 1 << 52
    static let epochLimit: Int64 = 1 << 60

    public init(_ info: DeadlineInfo) throws(DeadlineError) {
        try Self.validateConstants(info)
        try Self.validateLayout(info)
        deadlines = info.wPoStPeriodDeadlines
        windowEpochs = info.wPoStChallengeWindow
        lookbackEpochs = info.wPoStChallengeLookback
        periodEpochs = info.wPoStProvingPeriod
        anchor = info.periodStart
    }

    /// The instance of deadline `d`'s window that has not closed at `epoch` (it may be open).
    public func window(of deadline: UInt64, notClosedAt epoch: Int64) -> ProvingWindow {
        let base = anchor + Int64(deadline % deadlines) * windowEpochs
        let k = Self.floorDiv(Self.clamp(epoch) - (base + windowEpochs), periodEpochs) + 1
        let open = base + k * periodEpochs
        return ProvingWindow(deadline: deadline % deadlines, challenge: open - lookbackEpochs, open: open, close: open + windowEpochs)
    }

    /// The deadline whose [Open, Close) holds `epoch`: the chain's current deadline.
    public func currentDeadline(at epoch: Int64) -> UInt64 {
        UInt64(Self.floorMod(Self.clamp(epoch) - anchor, periodEpochs) / windowEpochs)
    }

    /// Epochs from a window's close to the next challenge of the same deadline: the longest margin
    /// that still leaves time to start a sector.
    public var quietEpochs: Int64 { periodEpochs - windowEpochs - lookbackEpochs }

    /// Epochs beyond ±2^60 (10^10 years) are taken as ±2^60, so no caller value can overflow.
    static func clamp(_ epoch: Int64) -> Int64 { min(max(epoch, -epochLimit), epochLimit) }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}

extension ProvingPeriod {
    private static func validateConstants(_ info: DeadlineInfo) throws(DeadlineError) {
        func fail(_ why: String) -> DeadlineError { .inconsistentDeadlineInfo(why) }
        guard (1...maxDeadlines).contains(info.wPoStPeriodDeadlines) else {
            throw fail("WPoStPeriodDeadlines \(info.wPoStPeriodDeadlines) is not in 1...\(maxDeadlines)")
        }
        guard (1...maxWindow).contains(info.wPoStChallengeWindow) else {
            throw fail("WPoStChallengeWindow \(info.wPoStChallengeWindow) is not in 1...\(maxWindow)")
        }
        guard info.wPoStProvingPeriod == Int64(info.wPoStPeriodDeadlines) * info.wPoStChallengeWindow else {
            throw fail("WPoStProvingPeriod \(info.wPoStProvingPeriod) is not \(info.wPoStPeriodDeadlines) × \(info.wPoStChallengeWindow)")
        }
        // A lookback reaching the previous close would leave no epoch at which a sector is safe.
        guard info.wPoStChallengeLookback >= 0, info.wPoStChallengeLookback < info.wPoStProvingPeriod - info.wPoStChallengeWindow else {
            throw fail("WPoStChallengeLookback \(info.wPoStChallengeLookback) leaves no time between deadlines")
        }
    }

    private static func validateLayout(_ info: DeadlineInfo) throws(DeadlineError) {
        func fail(_ why: String) -> DeadlineError { .inconsistentDeadlineInfo(why) }
        guard info.periodStart.magnitude <= maxInfoEpoch, info.currentEpoch.magnitude <= maxInfoEpoch else {
            throw fail("epochs \(info.periodStart) / \(info.currentEpoch) are out of range")
        }
        guard info.index < info.wPoStPeriodDeadlines else {
            throw fail("Index \(info.index) is not below \(info.wPoStPeriodDeadlines)")
        }
        let open = info.periodStart + Int64(info.index) * info.wPoStChallengeWindow
        guard info.open == open, info.close == open + info.wPoStChallengeWindow,
              info.challenge == open - info.wPoStChallengeLookback
        else {
            throw fail("Open/Close/Challenge \(info.open)/\(info.close)/\(info.challenge) do not follow from PeriodStart "
                + "\(info.periodStart) and Index \(info.index) (want \(open)/\(open + info.wPoStChallengeWindow)/"
                + "\(open - info.wPoStChallengeLookback))")
        }
    }
}
