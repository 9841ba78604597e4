/// go-state-types `dline.Info`, the result of `Filecoin.StateMinerProvingDeadline`: the miner's
/// deadline at the head (lotus returns the recorded deadline advanced with `NextNotElapsed`), plus
/// the protocol constants the rest of the schedule is computed from. Epochs are `abi.ChainEpoch`
/// (int64; a proving period may start before epoch 0 on young networks).
public struct DeadlineInfo: Sendable, Equatable, Codable {
    public var currentEpoch: Int64
    public var periodStart: Int64
    public var index: UInt64
    public var open: Int64
    public var close: Int64
    public var challenge: Int64
    public var faultCutoff: Int64
    public var wPoStPeriodDeadlines: UInt64
    public var wPoStProvingPeriod: Int64
    public var wPoStChallengeWindow: Int64
    public var wPoStChallengeLookback: Int64
    public var faultDeclarationCutoff: Int64

    enum CodingKeys: String, CodingKey {
        case currentEpoch = "CurrentEpoch", periodStart = "PeriodStart", index = "Index", open = "Open", close = "Close"
        case challenge = "Challenge", faultCutoff = "FaultCutoff", wPoStPeriodDeadlines = "WPoStPeriodDeadlines"
        case wPoStProvingPeriod = "WPoStProvingPeriod", wPoStChallengeWindow = "WPoStChallengeWindow"
        case wPoStChallengeLookback = "WPoStChallengeLookback", faultDeclarationCutoff = "FaultDeclarationCutoff"
    }

    public init(currentEpoch: Int64, periodStart: Int64, index: UInt64, open: Int64, close: Int64, challenge: Int64,
                faultCutoff: Int64, wPoStPeriodDeadlines: UInt64, wPoStProvingPeriod: Int64, wPoStChallengeWindow: Int64,
                wPoStChallengeLookback: Int64, faultDeclarationCutoff: Int64) {
        self.currentEpoch = currentEpoch
        self.periodStart = periodStart
        self.index = index
        self.open = open
        self.close = close
        self.challenge = challenge
        self.faultCutoff = faultCutoff
        self.wPoStPeriodDeadlines = wPoStPeriodDeadlines
        self.wPoStProvingPeriod = wPoStProvingPeriod
        self.wPoStChallengeWindow = wPoStChallengeWindow
        self.wPoStChallengeLookback = wPoStChallengeLookback
        self.faultDeclarationCutoff = faultDeclarationCutoff
    }

    /// Mainnet policy (48 deadlines of 60 epochs, challenge 20 epochs before open, fault cutoff 70),
    /// laid out as go-state-types `dline.NewInfo` does; for tests and offline planning.
    public static func mainnet(periodStart: Int64, index: UInt64, currentEpoch: Int64) -> DeadlineInfo {
        let open = periodStart + Int64(index) * 60
        return DeadlineInfo(currentEpoch: currentEpoch, periodStart: periodStart, index: index, open: open, close: open + 60,
                            challenge: open - 20, faultCutoff: open - 70, wPoStPeriodDeadlines: 48, wPoStProvingPeriod: 2880,
                            wPoStChallengeWindow: 60, wPoStChallengeLookback: 20, faultDeclarationCutoff: 70)
    }
}
