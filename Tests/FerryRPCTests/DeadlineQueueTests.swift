import Testing
@testable import FerryRPC

/// The run-time picker: as epochs pass, it keeps taking the deadline that closed most recently
/// among those safe at that moment, and says what it waits for.
@Suite(.tags(.fast)) struct DeadlineQueueTests {
    static let ps = DeadlineScheduleTests.ps
    static func open(_ d: Int64, period k: Int64 = 0) -> Int64 { DeadlineScheduleTests.open(d, period: k) }

    func schedule(_ deadlineOf: [UInt64: UInt64], margin: Int64 = 1800) throws -> DeadlineSchedule {
        try DeadlineSchedule(info: .mainnet(periodStart: Self.ps, index: 0, currentEpoch: Self.ps),
                             deadlineOf: deadlineOf, marginSeconds: margin)
    }

    @Test func followsTheDeadlinesAsTimePasses() throws {
        // Two sectors in each of deadlines 29, 30, 31, 40; sector 1 in no deadline.
        let map: [UInt64: UInt64] = [10: 29, 11: 29, 20: 30, 21: 30, 30: 31, 31: 31, 40: 40, 41: 40]
        var queue = DeadlineQueue(schedule: try schedule(map), sectors: Array(map.keys) + [1])
        var now = Self.open(30) + 10
        #expect(queue.next(at: now) == .start(1))
        #expect(queue.next(at: now) == .start(10))
        #expect(queue.next(at: now) == .start(11))
        #expect(queue.next(at: now) == .start(40))
        // 30 is open and 31 is challenged within the margin: wait for 30 to close.
        #expect(queue.next(at: now) == .start(41))
        guard case let .wait(until, reasons) = queue.next(at: now) else { Issue.record("expected wait"); return }
        #expect(until == Self.open(31) && reasons.map(\.description) == ["deadline 30 open", "deadline 31 opens in 15m"])
        now = until
        #expect(queue.next(at: now) == .start(20))
        #expect(queue.next(at: now) == .start(21))
        #expect(queue.next(at: now).isWait)
        now = Self.open(32)
        #expect(queue.next(at: now) == .start(30))
        #expect(queue.next(at: now) == .start(31))
        #expect(queue.next(at: now) == .done && queue.remaining == 0)
    }

    @Test func drainForDeferSkip() throws {
        let map: [UInt64: UInt64] = [6: 30, 7: 31, 8: 12]
        var queue = DeadlineQueue(schedule: try schedule(map), sectors: [6, 7, 8])
        let now = Self.open(30)
        #expect(queue.next(at: now) == .start(8))
        #expect(queue.next(at: now).isWait)
        let deferred = queue.drainDeferred(at: now)
        #expect(DeadlineScheduleText.deferredLine(deferred) == "deferred: 6 (deadline 30 open), 7 (deadline 31 opens in 20m); run again later")
        #expect(queue.remaining == 0 && queue.next(at: now) == .done)
    }

    @Test func wrapsAcrossThePeriod() throws {
        let map: [UInt64: UInt64] = [1: 0, 2: 47, 3: 46]
        var queue = DeadlineQueue(schedule: try schedule(map), sectors: [1, 2, 3])
        let now = Self.open(47) + 50  // 47 open; next period's 0 already challenged
        #expect(queue.next(at: now) == .start(3))
        guard case let .wait(until, reasons) = queue.next(at: now) else { Issue.record("expected wait"); return }
        #expect(until == Self.open(0, period: 1) && reasons.map(\.deadline) == [47, 0])
        #expect(queue.next(at: until) == .start(2))
        #expect(queue.next(at: Self.open(1, period: 1)) == .start(1))
    }
}

extension DeadlineQueue.Next {
    var isWait: Bool { if case .wait = self { true } else { false } }
}
