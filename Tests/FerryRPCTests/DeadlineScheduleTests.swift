import Testing
@testable import FerryRPC

/// The pure schedule: every "now" is an epoch passed in, so nothing here depends on a clock.
@Suite(.tags(.fast)) struct DeadlineScheduleTests {
    /// A mainnet-like period start (periods start at epochs ≡ 1234 mod 2880).
    static let ps: Int64 = 2880 * 1500 + 1234
    static func open(_ d: Int64, period k: Int64 = 0) -> Int64 { ps + k * 2880 + d * 60 }

    /// One sector per deadline: sector 100 + d sits in deadline d.
    static let onePerDeadline = Dictionary(uniqueKeysWithValues: (0..<UInt64(48)).map { (100 + $0, $0) })

    func schedule(at epoch: Int64, _ deadlineOf: [UInt64: UInt64] = onePerDeadline, margin: Int64 = 1800,
                  limit: ProvingLimit = .pause) throws -> DeadlineSchedule {
        // The info lotus would return at `epoch`: the period and deadline holding it.
        let periods = (epoch - Self.ps) >= 0 ? (epoch - Self.ps) / 2880 : (epoch - Self.ps - 2879) / 2880
        let start = Self.ps + periods * 2880
        return try DeadlineSchedule(info: .mainnet(periodStart: start, index: UInt64((epoch - start) / 60), currentEpoch: epoch),
                                    deadlineOf: deadlineOf, marginSeconds: margin, provingLimit: limit)
    }

    @Test func orderFollowsClosedDeadlines() throws {
        let now = Self.open(30) + 30
        let s = try schedule(at: now)
        let plan = s.plan(sectors: Array(Self.onePerDeadline.keys), at: now)
        #expect(plan.entries.allSatisfy { s.deferral(sector: $0.sector, at: $0.earliestStart) == nil })
        let deadlines = plan.entries.map { $0.deadline! }
        // 29 closed most recently, then back round the period to 32; 31's challenge (open−20) is
        // 10 epochs away, inside the 30m margin, and 30 is open: both last, in the order they close.
        #expect(deadlines == Array((0...29).reversed()) + Array((32...47).reversed()) + [30, 31])
        #expect(plan.ready.count == 46)
        #expect(plan.deferred.map(\.deferral.description) == ["deadline 30 open", "deadline 31 opens in 5m"])
        #expect(plan.entries.suffix(2).map(\.earliestStart) == [Self.open(31), Self.open(32)])
        #expect(plan.entries.prefix(46).allSatisfy { $0.earliestStart == now && $0.deferral == nil })
    }

    @Test func sectorsInNoDeadlineGoFirstAndDuplicatesOnce() throws {
        let now = Self.open(10)
        let plan = try schedule(at: now, [5: 9, 6: 10, 7: 3]).plan(sectors: [7, 6, 42, 5, 7, 41], at: now)
        #expect(plan.entries.map(\.sector) == [41, 42, 5, 7, 6])
        #expect(plan.entries.first?.deadline == nil && plan.entries.first?.deferral == nil)
    }

    /// Against an independent oracle over two whole periods and their boundary: a sector may start
    /// exactly when no window of its deadline has `challenge − margin ≤ epoch < close`, and the
    /// earliest start is the first such epoch.
    @Test func neverStartsInsideTheMargin() throws {
        for margin: Int64 in [0, 90, 1800, 3600] {
            let s = try schedule(at: Self.open(0), margin: margin)
            for deadline: Int64 in [0, 1, 23, 46, 47] {
                let windows = (-1...2).map { Self.open(deadline, period: $0) }
                func blocked(_ e: Int64) -> Bool {
                    windows.contains { open in (open - 20 - e) * 30 <= margin && e < open + 60 }
                }
                for epoch in stride(from: Self.ps - 100, to: Self.ps + 2 * 2880 + 100, by: 1) {
                    let deferral = s.deferral(deadline: UInt64(deadline), at: epoch)
                    #expect((deferral != nil) == blocked(epoch), "deadline \(deadline) epoch \(epoch) margin \(margin)")
                    if let deferral {
                        #expect(!blocked(deferral.resumeEpoch) && blocked(deferral.resumeEpoch - 1))
                    }
                }
            }
        }
    }

    @Test func openDeadlinesFromChallengeToClose() throws {
        let s = try schedule(at: Self.open(30))
        func open(_ e: Int64) -> [UInt64] { s.openDeadlines(at: e).map(\.deadline) }
        #expect(open(Self.open(30) - 21) == [29])
        #expect(open(Self.open(30) - 20) == [29, 30])  // 30's challenge is drawn
        #expect(open(Self.open(30)) == [30])            // 29 closed
        #expect(open(Self.open(30) + 39) == [30])
        #expect(open(Self.open(30) + 40) == [30, 31])
        #expect(open(Self.open(30) + 59) == [30, 31])
        #expect(open(Self.open(31)) == [31])
        let w = s.openDeadlines(at: Self.open(30) + 45)
        #expect(w.map(\.challenge) == [Self.open(30) - 20, Self.open(31) - 20] && w.map(\.close) == [Self.open(31), Self.open(32)])
    }

    @Test func groupsHoldingAnOpenDeadlineAreThrottled() throws {
        let now = Self.open(30) + 45
        let paused = try schedule(at: now)
        #expect(paused.throttle(forSectors: [105, 131], at: now)?.description == "paused: deadline 31 open until epoch \(Self.open(32))")
        #expect(paused.throttle(forSectors: [105, 130], at: now)?.window.deadline == 30)
        #expect(paused.throttle(forSectors: [105, 129, 999], at: now) == nil)
        #expect(paused.throttle(forSectors: [131], at: Self.open(32)) == nil)  // resumes at close
        let limited = try schedule(at: now, limit: ProvingLimit(bytesPerSecond: 50 << 20))
        #expect(limited.throttle(forSectors: [130], at: now)?.limit == .bytesPerSecond(50 << 20))
        #expect(ProvingLimit(bytesPerSecond: 0) == .pause)
        #expect(paused.nextThrottleChange(after: now) == Self.open(31))
        #expect(paused.nextThrottleChange(after: Self.open(31)) == Self.open(32) - 20)
    }

    @Test func wrapsAroundThePeriodBoundary() throws {
        let now = Self.open(47) + 10
        let s = try schedule(at: now)
        #expect(s.openDeadlines(at: Self.open(0, period: 1) - 20).map(\.deadline) == [47, 0])
        #expect(s.period.currentDeadline(at: Self.open(0, period: 1)) == 0)
        #expect(s.period.currentDeadline(at: Self.ps - 1) == 47)
        let plan = s.plan(sectors: Array(Self.onePerDeadline.keys), at: now)
        // Deadline 0 of the next period is challenged 30 epochs (15m) from now: deferred to its close.
        #expect(plan.entries.map { $0.deadline! } == Array((1...46).reversed()) + [47, 0])
        #expect(plan.deferred.map(\.deferral.description) == ["deadline 47 open", "deadline 0 opens in 15m"])
        #expect(plan.entries.last?.earliestStart == Self.open(1, period: 1))
        // Just after the boundary, 47 is the one that closed most recently.
        let after = Self.open(0, period: 1) + 1
        let next = try schedule(at: after).plan(sectors: Array(Self.onePerDeadline.keys), at: after)
        #expect(next.entries.first?.deadline == 47)
    }

    @Test func negativePeriodStartOfAYoungChain() throws {
        let s = try DeadlineSchedule(info: .mainnet(periodStart: -1000, index: 16, currentEpoch: -30),
                                     deadlineOf: [1: 16, 2: 17], marginSeconds: 0)
        #expect(s.period.currentDeadline(at: -30) == 16 && s.period.currentDeadline(at: -1001) == 47)
        #expect(s.deferral(sector: 1, at: -30) == .open(ProvingWindow(deadline: 16, challenge: -60, open: -40, close: 20)))
        #expect(s.earliestStart(sector: 2, at: -30) == -30)
    }

    @Test func invalidInputsAreTypedErrors() throws {
        var info = DeadlineInfo.mainnet(periodStart: Self.ps, index: 3, currentEpoch: Self.open(3))
        #expect(throws: DeadlineError.badMargin(seconds: 84_000, limitSeconds: 84_000)) {
            try DeadlineSchedule(info: info, deadlineOf: [:], marginSeconds: 84_000)
        }
        #expect(throws: DeadlineError.badMargin(seconds: -1, limitSeconds: 84_000)) {
            try DeadlineSchedule(info: info, deadlineOf: [:], marginSeconds: -1)
        }
        #expect(throws: DeadlineError.deadlineOutOfRange(sector: 9, deadline: 48, deadlines: 48)) {
            try DeadlineSchedule(info: info, deadlineOf: [9: 48], marginSeconds: 0)
        }
        _ = try DeadlineSchedule(info: info, deadlineOf: [:], marginSeconds: 83_999)
        info.open += 1
        #expect(throws: DeadlineError.self) { try ProvingPeriod(info) }
        info = .mainnet(periodStart: Self.ps, index: 3, currentEpoch: 0)
        info.wPoStProvingPeriod = 2881
        #expect(throws: DeadlineError.self) { try ProvingPeriod(info) }
        info = .mainnet(periodStart: Self.ps, index: 3, currentEpoch: 0)
        info.wPoStChallengeWindow = 0
        #expect(throws: DeadlineError.self) { try ProvingPeriod(info) }
        info = .mainnet(periodStart: 1 << 53, index: 0, currentEpoch: 0)
        #expect(throws: DeadlineError.self) { try ProvingPeriod(info) }
        // Extreme epochs from a caller are clamped, never trapped on.
        let s = try schedule(at: Self.open(3))
        _ = s.deferral(deadline: 3, at: Int64.max)
        _ = s.deferral(deadline: 3, at: Int64.min)
        _ = s.openDeadlines(at: Int64.min)
        _ = s.nextThrottleChange(after: Int64.max)
    }

    @Test func deferredLineFormat() throws {
        let now = Self.open(30)
        let plan = try schedule(at: now, [6: 30, 7: 31, 8: 32, 5: 12]).plan(sectors: [5, 6, 7, 8], at: now)
        #expect(plan.deferredLine == "deferred: 6 (deadline 30 open), 7 (deadline 31 opens in 20m); run again later")
        let none = try schedule(at: now, [5: 12]).plan(sectors: [5], at: now)
        #expect(none.deferredLine == nil)
        let long = DeferredSector(sector: 9, deferral: .opensSoon(ProvingWindow(deadline: 2, challenge: 0, open: 20, close: 80), seconds: 3690))
        #expect(DeadlineScheduleText.deferredLine([long]) == "deferred: 9 (deadline 2 opens in 1h1m30s); run again later")
    }

    @Test func dryRunLines() throws {
        let now = Self.open(30)
        let plan = try schedule(at: now, [6: 30, 7: 31, 8: 32, 5: 12]).plan(sectors: [5, 6, 7, 8, 9], at: now)
        #expect(plan.dryRunLines == [
            "deadline schedule at epoch \(now): current deadline 30, open 30, margin 30m; 3 now, 2 deferred",
            "sector 9 deadline none earliest start epoch \(now) (now: in no partition on chain)",
            "sector 5 deadline 12 earliest start epoch \(now) (now)",
            "sector 8 deadline 32 earliest start epoch \(now) (now)",
            "sector 6 deadline 30 earliest start epoch \(Self.open(31)) (in 30m: deadline 30 open)",
            "sector 7 deadline 31 earliest start epoch \(Self.open(32)) (in 1h: deadline 31 opens in 20m)",
        ])
    }

    @Test func durations() {
        let cases: [(Int64, String)] = [(0, "0s"), (-5, "0s"), (30, "30s"), (90, "1m30s"), (1200, "20m"), (3600, "1h"),
                                        (3900, "1h5m"), (5400, "1h30m"), (86_400, "24h")]
        for (seconds, text) in cases { #expect(EpochDuration.text(seconds: seconds) == text) }
    }
}
