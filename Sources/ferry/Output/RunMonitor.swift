import Foundation
import Glibc
import TransferCore
import TransferIO

/// Watches a run while it works: redraws the bar on a terminal, prints a heartbeat line every
/// `--stats` interval (for logs: nohup, systemd, Slurm, Kubernetes), and publishes the progress
/// file that `ferry status` reads during the run. One thread, one tick.
final class RunMonitor: @unchecked Sendable {
    struct Settings {
        var totalBytes: Int64
        var work: ProgressEstimate.Work
        /// Seconds between heartbeat lines; 0 for none.
        var statsInterval: Double
        var throttle: Throttle?
        /// Where to publish the progress file, and what it starts as; nil publishes none.
        var progressFile: (path: String, file: ProgressFile)?
    }

    static let tick = 0.2
    static let publishInterval = 2.0

    private let counters: TransferCounters
    /// Files or sectors, from the run's events; nil counts files from the counters (verify).
    private let tracker: UnitTracker?
    private let fileCount: Int
    private let settings: Settings
    private let drawsBar: Bool
    private let started = ContinuousClock.now
    private let condition = NSCondition()
    private var estimate: ProgressEstimate
    private var thread: Thread?
    private var stop = false
    private var published: ProgressFile?
    private var phase = ProgressFile.Phase.transfer

    init(counters: TransferCounters, tracker: UnitTracker?, fileCount: Int, settings: Settings) {
        self.counters = counters
        self.tracker = tracker
        self.fileCount = fileCount
        self.settings = settings
        drawsBar = StatsInterval.isTerminal
        estimate = ProgressEstimate(totalBytes: settings.totalBytes, work: settings.work)
        published = settings.progressFile?.file
    }

    func start() {
        let thread = Thread { [self] in loop() }
        self.thread = thread
        publish(reading(), state: .running)
        thread.start()
        Interrupts.monitor = self
    }

    /// Moves: the data all arrived and was verified; what runs now deletes sources.
    func enterSourceRemoval() {
        condition.lock()
        phase = .sourceRemoval
        condition.unlock()
    }

    func finish(_ state: ProgressFile.State) {
        Interrupts.monitor = nil
        condition.lock()
        stop = true
        condition.broadcast()
        condition.unlock()
        while let thread, !thread.isFinished { usleep(1000) }
        Console.clearBar()
        publish(reading(), state: state)
    }

    /// The line an interrupted run leaves: what is safe, and how to go on.
    func interrupted(signal: Int32) -> String {
        publish(reading(), state: .interrupted)
        let files = counters.snapshot().filesDone
        guard let tracker, tracker.unitName == "sectors" else {
            return "interrupted: \(files) of \(fileCount) files committed; run the same command to resume"
        }
        let counts = tracker.counts().counts
        let total = counts.done + counts.inFlight + counts.remaining + counts.failed
        return "interrupted: \(counts.done) of \(total) sectors and \(files) of \(fileCount) files committed; run the same command to resume"
    }

    /// The tracker's units, recounted at most once a second: a run of hundreds of thousands of
    /// files redraws its bar five times a second, and a recount walks every file.
    private var cachedUnits: (at: Double, units: ProgressText.Units)?

    private func units() -> ProgressText.Units {
        if let tracker {
            let now = seconds()
            if let cachedUnits, now - cachedUnits.at < 1 { return cachedUnits.units }
            let units = tracker.units()
            cachedUnits = (now, units)
            return units
        }
        let snapshot = counters.snapshot()
        return ProgressText.Units(done: snapshot.filesDone, failed: snapshot.filesFailed, total: fileCount, name: "files")
    }

    private func loop() {
        var lastBeat = 0.0, lastPublish = 0.0
        condition.lock()
        while !stop {
            condition.unlock()
            let now = seconds()
            let reading = reading()
            if drawsBar { Console.bar(ProgressText.bar(reading, work: settings.work, units: units(), extra: throttleText, width: Terminal.columns(fd: STDERR_FILENO))) }
            if settings.statsInterval > 0, now - lastBeat >= settings.statsInterval {
                Console.err(ProgressText.heartbeat(reading, units: units(), extra: throttleText))
                lastBeat = now
            }
            if now - lastPublish >= Self.publishInterval {
                publish(reading, state: .running)
                lastPublish = now
            }
            condition.lock()
            if !stop { _ = condition.wait(until: Date().addingTimeInterval(Self.tick)) }
        }
        condition.unlock()
    }

    private func seconds() -> Double {
        let elapsed = (ContinuousClock.now - started).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    private func reading() -> ProgressEstimate.Reading {
        condition.lock()
        defer { condition.unlock() }
        return estimate.update(counters.snapshot(), at: seconds())
    }

    private func publish(_ reading: ProgressEstimate.Reading, state: ProgressFile.State) {
        guard let path = settings.progressFile?.path, let tracker else { return }
        condition.lock()
        guard var file = published else { return condition.unlock() }
        file.phase = phase
        condition.unlock()
        let (counts, sectors, failures) = tracker.counts()
        file.updated = Date()
        file.state = state
        file.counts = counts
        file.sectors = sectors
        file.failures = failures
        file.totalBytes = reading.totalBytes
        file.doneBytes = reading.doneBytes
        file.bytesCopied = reading.counters.bytesCopied
        file.bytesVerified = reading.counters.bytesVerified
        file.rate = reading.rate
        file.etaSeconds = reading.etaSeconds
        // A status reader copes with a missing or old file; a run never stops over it.
        try? file.write(to: path)
    }

    private var throttleText: String {
        guard let stats = settings.throttle?.stats else { return "" }
        if stats.paused { return "PAUSED (ferry throttle resume)" }
        guard stats.throttledSeconds >= 0.05 else { return "" }
        return "limit \(stats.rate.map { ByteCount.format($0) + "/s" } ?? "per device"), held \(Int(stats.throttledSeconds)) s"
    }
}

extension RunMonitor {
    /// The monitor of a copy, move or export run: its progress file sits beside its journal.
    static func forRun(session: TransferSession, tracker: UnitTracker, totalBytes: Int64, verifying: Bool,
                       operation: String, destination: String, flags: TransferFlags, throttle: Throttle?) -> RunMonitor {
        forRun(session: session, tracker: tracker, totalBytes: totalBytes, verifying: verifying, operation: operation,
               destination: destination, statsInterval: flags.statsFlags.seconds, throttle: throttle)
    }

    /// `statsInterval`: seconds between heartbeat lines (`--stats`), 0 for none.
    static func forRun(session: TransferSession, tracker: UnitTracker, totalBytes: Int64, verifying: Bool,
                       operation: String, destination: String, statsInterval: Double, throttle: Throttle?) -> RunMonitor {
        let journal = session.journal.path
        // The run's own directory (<dest>/.ferry) must let other users reach the progress file.
        let directory = FileSystem.parentDirectory(of: journal)
        if directory.hasSuffix("/.ferry"), let status = try? FileSystem.status(directory), status.permissions & 0o005 != 0o005 {
            chmod(directory, mode_t(status.permissions | 0o055))
        }
        var file = ProgressFile(command: CommandLine.arguments, operation: operation, destination: destination, unit: tracker.unitName)
        file.sources = session.plan.sources
        let settings = Settings(totalBytes: totalBytes, work: .transfer(verifying: verifying), statsInterval: statsInterval,
                                throttle: throttle, progressFile: (ProgressFile.path(journal: journal), file))
        return RunMonitor(counters: session.counters, tracker: tracker, fileCount: tracker.fileCount, settings: settings)
    }
}
