import Foundation
import Synchronization

/// The bytes-per-second budget of one run, shared by every worker: a token bucket for all reads
/// (source reads and verification re-reads) and, with `--bwlimit-device`, one per device. Workers
/// ask before each read; a refused worker waits for its I/O in flight, or sleeps briefly when it
/// has none. The limit follows `--bwlimit`'s timetable and the destination's control file
/// (`ferry throttle`), both re-read about once a second, so a change takes effect within 2 s.
public final class Throttle: Sendable {
    public struct Settings: Sendable {
        public var schedule: BandwidthSchedule
        public var perDevice: Int64?
        /// `<dest>/.ferry/throttle`, or nil for none.
        public var controlFile: String?
        /// Minute of the day in local time (a seam for tests of the timetable).
        public var minuteOfDay: @Sendable () -> Int
        /// How often the timetable and the control file are looked at again.
        public var refreshInterval: Duration
        /// Limits for some devices right now (0 pauses one): the devices holding sectors whose
        /// WindowPoSt deadline is open. Asked at each refresh.
        public var deviceLimits: (@Sendable () -> [UInt64: Int64])?

        public init(schedule: BandwidthSchedule = .unlimited, perDevice: Int64? = nil, controlFile: String? = nil,
                    minuteOfDay: @escaping @Sendable () -> Int = Throttle.localMinuteOfDay, refreshInterval: Duration = .seconds(1)) {
            self.schedule = schedule
            self.perDevice = perDevice
            self.controlFile = controlFile
            self.minuteOfDay = minuteOfDay
            self.refreshInterval = refreshInterval
        }
    }

    /// Wall time during which at least one worker waited, split by why.
    public struct Stats: Sendable {
        public var throttledSeconds: Double
        public var pausedSeconds: Double
        public var rate: Int64?
        public var paused: Bool
    }

    private struct State {
        var global = TokenBucket(rate: nil)
        var devices: [UInt64: TokenBucket] = [:]
        var deviceOverrides: [UInt64: Int64] = [:]
        var paused = false
        var lastRefresh: ContinuousClock.Instant?
        var waiting = 0
        var waitingSince = ContinuousClock.now
        var waitingPaused = false
        var throttled: Duration = .zero
        var pausedTime: Duration = .zero
    }

    public let settings: Settings
    private let state = Mutex(State())

    public init(_ settings: Settings) {
        self.settings = settings
        state.withLock { refresh(&$0, now: .now) }
    }

    /// May a read of `bytes` from `device` start now? Takes the bytes from the budgets if so.
    public func admit(_ bytes: Int, device: UInt64) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            refreshIfDue(&state, now: now)
            guard !state.paused else { return false }
            guard state.global.available(now) else { return false }
            let override = state.deviceOverrides[device]
            if override == 0 { return false }
            if let perDevice = override ?? settings.perDevice {
                var bucket = state.devices[device].flatMap { $0.rate == perDevice ? $0 : nil } ?? TokenBucket(rate: perDevice)
                guard bucket.available(now) else { return false }
                bucket.take(bytes)
                state.devices[device] = bucket
            }
            state.global.take(bytes)
            return true
        }
    }

    /// Pause stops new files from starting too (a rename or clone moves no bytes but is still work).
    public var isPaused: Bool {
        // A paused run calls nothing else: this is where it notices `resume`.
        state.withLock { state in
            refreshIfDue(&state, now: .now)
            return state.paused
        }
    }

    /// Called by a worker that was refused and has nothing in flight: sleeps until a budget may
    /// have refilled (at most 50 ms; 100 ms while paused).
    public func wait() {
        let delay = state.withLock { state -> Duration in
            if state.waiting == 0 {
                state.waitingSince = .now
                state.waitingPaused = state.paused
            }
            state.waiting += 1
            return state.paused ? .milliseconds(100) : state.global.delay(.now)
        }
        Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) * 1e-18 + Double(delay.components.seconds))
        state.withLock { state in
            state.waiting -= 1
            guard state.waiting == 0 else { return }
            let spent = ContinuousClock.now - state.waitingSince
            if state.waitingPaused { state.pausedTime += spent } else { state.throttled += spent }
        }
    }

    public var stats: Stats {
        state.withLock { state in
            Stats(throttledSeconds: state.throttled.seconds, pausedSeconds: state.pausedTime.seconds,
                  rate: state.global.rate, paused: state.paused)
        }
    }

    private func refreshIfDue(_ state: inout State, now: ContinuousClock.Instant) {
        if state.lastRefresh.map({ now - $0 >= settings.refreshInterval }) ?? true { refresh(&state, now: now) }
    }

    /// Re-reads the timetable and the control file; the control file wins over --bwlimit.
    private func refresh(_ state: inout State, now: ContinuousClock.Instant) {
        state.lastRefresh = now
        let control = settings.controlFile.flatMap(ThrottleControl.read)
        state.paused = control?.paused ?? false
        let rate: Int64?
        switch control?.rate ?? .default {
        case .default: rate = settings.schedule.rate(atMinute: settings.minuteOfDay())
        case .off: rate = nil
        case .limit(let bytes): rate = bytes
        }
        if state.global.rate != rate { state.global = TokenBucket(rate: rate) }
        state.deviceOverrides = settings.deviceLimits?() ?? [:]
    }

    public static let localMinuteOfDay: @Sendable () -> Int = {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Int(parts.tm_hour) * 60 + Int(parts.tm_min)
    }
}

/// Bytes accrue at `rate` per second up to a small burst (50 ms of the rate, at least 64 KiB);
/// a read may start while the balance is not negative and may take it below zero, so a chunk
/// larger than the burst still goes through, and the debt delays the next one: smooth on average.
struct TokenBucket {
    let rate: Int64?
    private var balance: Double
    private var last = ContinuousClock.now
    private let capacity: Double

    init(rate: Int64?) {
        self.rate = rate
        capacity = max(Double(rate ?? 0) / 20, 64 * 1024)
        balance = capacity
    }

    mutating func available(_ now: ContinuousClock.Instant) -> Bool {
        guard let rate else { return true }
        balance = min(capacity, balance + Double(rate) * (now - last).seconds)
        last = now
        return balance >= 0
    }

    mutating func take(_ bytes: Int) {
        if rate != nil { balance -= Double(bytes) }
    }

    /// How long until the balance is back to zero (between 1 and 50 ms).
    func delay(_ now: ContinuousClock.Instant) -> Duration {
        guard let rate, balance < 0 else { return .milliseconds(1) }
        let seconds = -balance / Double(rate) - (now - last).seconds
        return .milliseconds(min(50, max(1, Int(seconds * 1000))))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
