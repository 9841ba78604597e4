import Foundation
import Synchronization
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Issue 16 items 1, 2, 6: rates, timetables, the control file, and a paused run that loses
/// nothing. Rates are checked by what the bucket admits, never by elapsed time.
@Suite(.tags(.fast)) struct ThrottleTests {
    @Test func ratesReadAsRcloneWritesThem() throws {
        #expect(try ByteRate.parse("200MiB") == 200 << 20)
        #expect(try ByteRate.parse("1.5GB") == 1_500_000_000)
        #expect(try ByteRate.parse("512k") == 512 << 10)
        #expect(try ByteRate.parse("100MiB/s") == 100 << 20)
        for bad in ["", "-5M", "fast", "0", "1e30GiB", "nanMiB"] {
            #expect(throws: RateError.self, "\(bad)") { try ByteRate.parse(bad) }
        }
    }

    @Test func timetableEntryInForceWrapsAroundMidnight() throws {
        let schedule = try BandwidthSchedule.parse("08:00,100MiB 19:00,off;23:30,5M")
        #expect(schedule.rate(atMinute: 7 * 60 + 59) == 5 << 20, "before the first entry: the day before's last")
        #expect(schedule.rate(atMinute: 8 * 60) == 100 << 20)
        #expect(schedule.rate(atMinute: 18 * 60 + 59) == 100 << 20)
        #expect(schedule.rate(atMinute: 19 * 60) == nil)
        #expect(schedule.rate(atMinute: 23 * 60 + 45) == 5 << 20)
        #expect(try BandwidthSchedule.parse("off").rate(atMinute: 0) == nil)
        #expect(try BandwidthSchedule.parse("10M").rate(atMinute: 600) == 10 << 20)
        for bad in ["25:00,1M", "08:00", "08:00,1M 08:00,2M", "8:0,1M", "08:00,lots"] {
            #expect(throws: RateError.self, "\(bad)") { try BandwidthSchedule.parse(bad) }
        }
    }

    @Test func aLimitAdmitsOneBurstThenHoldsUntilRefilled() {
        let throttle = Throttle(Throttle.Settings(schedule: BandwidthSchedule(rate: 1 << 20)))
        #expect(throttle.admit(4 << 20, device: 1), "the first read goes (the balance may go negative)")
        #expect(!throttle.admit(4096, device: 1), "then 4 MiB of debt at 1 MiB/s holds the next read")
        let unlimited = Throttle(Throttle.Settings())
        #expect((0..<1000).allSatisfy { _ in unlimited.admit(64 << 20, device: 1) })
    }

    @Test func perDeviceBudgetsAreSeparate() {
        let throttle = Throttle(Throttle.Settings(perDevice: 1 << 20))
        #expect(throttle.admit(4 << 20, device: 1))
        #expect(!throttle.admit(4096, device: 1), "device 1 spent its budget")
        #expect(throttle.admit(4 << 20, device: 2), "device 2 has its own")
    }

    /// export --chain-api: the disks of an open deadline's sectors are paused (0) or limited.
    @Test func deviceLimitsPauseOrLimitSomeDevicesOnly() {
        let open = Atomic<Bool>(true)
        var settings = Throttle.Settings(refreshInterval: .zero)
        settings.deviceLimits = { open.load(ordering: .relaxed) ? [1: 0, 2: 1 << 20] : [:] }
        let throttle = Throttle(settings)
        #expect(!throttle.admit(4096, device: 1), "device 1 holds sectors of the open deadline: paused")
        #expect(throttle.admit(4 << 20, device: 2) && !throttle.admit(4096, device: 2), "device 2 at its proving limit")
        #expect(throttle.admit(64 << 20, device: 3), "other devices are free")
        open.store(false, ordering: .relaxed)
        #expect(throttle.admit(64 << 20, device: 1) && throttle.admit(64 << 20, device: 2), "the window closed")
    }

    @Test func theTimetableEntryChangesMidRun() {
        let minute = Atomic<Int>(8 * 60 - 1)
        let schedule = try! BandwidthSchedule.parse("08:00,1MiB 19:00,off")
        let throttle = Throttle(Throttle.Settings(schedule: schedule, minuteOfDay: { minute.load(ordering: .relaxed) }, refreshInterval: .zero))
        #expect(throttle.stats.rate == nil, "19:00,off is in force at 07:59")
        #expect((0..<100).allSatisfy { _ in throttle.admit(8 << 20, device: 1) })
        minute.store(8 * 60, ordering: .relaxed)
        #expect(throttle.admit(8 << 20, device: 1))
        #expect(throttle.stats.rate == 1 << 20, "08:00 came: 1 MiB/s")
        #expect(!throttle.admit(4096, device: 1))
    }

    @Test func theControlFileOverridesAndPauses() throws {
        let scratch = Scratch()
        let path = ThrottleControl.path(ferryDirectory: scratch.sub(".ferry"))
        let throttle = Throttle(Throttle.Settings(controlFile: path, refreshInterval: .zero))
        #expect(throttle.admit(1 << 30, device: 1))
        try ThrottleControl(rate: .limit(1 << 20), paused: false).write(path)
        #expect(ThrottleControl.read(path) == ThrottleControl(rate: .limit(1 << 20), paused: false))
        #expect(throttle.admit(8 << 20, device: 1) && !throttle.admit(4096, device: 1), "the file's limit applies")
        try ThrottleControl(rate: .limit(1 << 20), paused: true).write(path)
        #expect(!throttle.admit(1, device: 1) && throttle.isPaused)
        try ThrottleControl(rate: .off, paused: false).write(path)
        #expect(throttle.admit(1 << 30, device: 1) && throttle.admit(1 << 30, device: 1), "off: no limit")
        let mode = try FileSystem.status(path).permissions
        #expect(mode == 0o644, "any user may read it (ferry status)")
    }

    /// Paused before it starts, a run starts no file; resumed, it finishes with everything
    /// verified and journaled. (The pause half can only pass falsely, never fail falsely.)
    @Test func aPausedRunStartsNothingAndFinishesWhenResumed() throws {
        let scratch = Scratch()
        for i in 0..<6 { scratch.file("src/f\(i)", size: 300_000 + i, seed: UInt64(i)) }
        let control = ThrottleControl.path(ferryDirectory: scratch.sub("dst/.ferry"))
        try ThrottleControl(paused: true).write(control)
        let plan = TransferPlanner.plan(sources: [scratch.sub("src")], destination: scratch.sub("dst") + "/")
        var options = TransferOptions(mode: .copy)
        options.throttle = Throttle(Throttle.Settings(controlFile: control, refreshInterval: .milliseconds(20)))
        let session = try TransferSession(plan: plan, options: options, journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        let outcome = Mutex<TransferSession.Outcome?>(nil)
        let runner = Thread { outcome.withLock { $0 = try? session.run(recheck: false) { _ in } } }
        runner.start()
        for _ in 0..<50 {
            #expect(session.counters.snapshot().bytesCopied == 0 && !scratch.exists("dst/src/f0"), "nothing moves while paused")
            usleep(10_000)
        }
        try ThrottleControl(paused: false).write(control)
        while outcome.withLock({ $0 == nil }) { usleep(10_000) }
        let result = try #require(outcome.withLock { $0 })
        #expect(result.failed == 0 && result.results.count == 6)
        for i in 0..<6 { #expect(scratch.read("dst/src/f\(i)") == scratch.read("src/f\(i)")) }
        #expect(options.throttle!.stats.pausedSeconds > 0, "the pause is accounted")
    }
}

/// Issue 16 item 4: the engine's own `--min-free` guard (the export also refuses whole sectors
/// up front; the fault bed covers that on a private file system).
@Suite(.enabled(if: Host.isRoot, "mounts a private tmpfs (CI runs as root)"), .tags(.root))
struct MinFreeTests {
    @Test func aFileThatWouldCrossTheReserveIsNotStartedAndTheDestinationStops() throws {
        let scratch = Scratch()
        // A private tmpfs: nothing else writes there, so free space moves only with this test.
        let other = scratch.sub("tmpfs")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try LoopMount.sh("mount -t tmpfs -o size=160m tmpfs \(other)")
        defer { try? LoopMount.sh("umount \(other)") }
        scratch.file("src/a-small", size: 1 << 20, seed: 1)
        scratch.file("src/b-big", size: 64 << 20, seed: 2)
        scratch.file("src/c-small", size: 1 << 20, seed: 3)
        let fd = try FileSystem.open(other, .directory)
        let available = try FileSystem.space(fd: fd).available
        FileSystem.close(fd)
        // 32 MiB of room above the reserve.
        let guardian = SpaceGuard(minFree: .bytes(available - (32 << 20)))
        let outcome = try Run.transfer([scratch.sub("src")], to: other + "/dst", mode: .copy, io: .posix) {
            $0.space = guardian
            $0.jobs = 1
            $0.filesPerWorker = 1
        }
        let byName = Dictionary(uniqueKeysWithValues: outcome.results.map { (FileSystem.baseName(of: $0.item.source), $0) })
        #expect(byName["a-small"]?.succeeded == true)
        #expect(byName["b-big"]?.failure?.contains("--min-free") == true, "\(byName["b-big"]?.failure ?? "")")
        #expect(byName["c-small"]?.failure?.contains("--min-free") == true, "once refused, the destination takes nothing more")
        #expect(!FileManager.default.fileExists(atPath: other + "/dst/b-big"))
        #expect(((try? FileSystem.listDirectory(other + "/dst/.ferry/staging")) ?? []).allSatisfy { (try? FileSystem.listDirectory(other + "/dst/.ferry/staging/" + $0))?.isEmpty ?? true }, "no staging file left")
        #expect(MinFree.automatic.threshold(total: 10 << 30) == (10 << 30) / 100)
        #expect(MinFree.automatic.threshold(total: 200 << 30) == 2 << 30)
        #expect(MinFree.automatic.threshold(total: 100 << 30) == 1 << 30, "at least 1 GiB on 100 GiB and up")
        #expect(MinFree.percent(2).threshold(total: 1000) == 20)
    }
}
