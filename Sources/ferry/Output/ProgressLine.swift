import Foundation
import Glibc
import TransferCore

/// A one-line progress display on stderr (bytes, rate, ETA), redrawn in place. Only on a
/// terminal: scripts and logs get no control characters.
final class ProgressLine: @unchecked Sendable {
    static let clearSequence = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[2K" : ""

    private let counters: TransferCounters
    private let totalBytes: Int64
    private let verifying: Bool
    private let started = Date()
    private var thread: Thread?
    private let stopped = NSCondition()
    private var stop = false

    /// Says on the line when the run is paused or held at its limit, so a slow bar is explained.
    private let throttle: Throttle?

    init(counters: TransferCounters, totalBytes: Int64, verifying: Bool, throttle: Throttle? = nil) {
        self.counters = counters
        self.totalBytes = totalBytes
        self.verifying = verifying
        self.throttle = throttle
    }

    private var throttleText: String {
        guard let stats = throttle?.stats else { return "" }
        if stats.paused { return "  PAUSED (ferry throttle resume)" }
        guard stats.throttledSeconds >= 0.05 else { return "" }
        return "  limit \(stats.rate.map { ByteCount.format($0) + "/s" } ?? "per device"), held \(Int(stats.throttledSeconds)) s"
    }

    static var enabled: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    func start() {
        guard Self.enabled else { return }
        let thread = Thread { [self] in
            stopped.lock()
            while !stop {
                draw()
                _ = stopped.wait(until: Date().addingTimeInterval(0.2))
            }
            stopped.unlock()
            Stderr.write(Self.clearSequence)
        }
        self.thread = thread
        thread.start()
    }

    func finish() {
        guard let thread else { return }
        stopped.lock()
        stop = true
        stopped.broadcast()
        stopped.unlock()
        while !thread.isFinished { usleep(1000) }
    }

    private func draw() {
        let now = counters.snapshot()
        // Verification re-reads every byte, so the work is twice the data when verifying.
        let work = totalBytes * (verifying ? 2 : 1)
        let done = now.bytesCopied + (verifying ? now.bytesVerified : 0)
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(now.bytesCopied) / elapsed : 0
        let fraction = work > 0 ? min(1, Double(done) / Double(work)) : 1
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var eta = "--:--"
        if done > 0, fraction < 1 {
            let remaining = elapsed / fraction - elapsed
            eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        }
        Stderr.write(Self.clearSequence + "[\(bar)] \(Int(fraction * 100))%  \(ByteCount.format(now.bytesCopied))/\(ByteCount.format(totalBytes))  \(ByteCount.format(Int64(rate)))/s  ETA \(eta)  files \(now.filesDone) done, \(now.filesFailed) failed" + throttleText)
    }
}
