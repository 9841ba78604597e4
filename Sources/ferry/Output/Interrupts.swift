import Dispatch
import Foundation
import Glibc
import Synchronization

/// SIGINT and SIGTERM during a run: the journal is crash-safe, so stopping at once loses
/// nothing (a kill at any instant is what the kill sweep tests); what the operator needs is the
/// line finished, what was committed, how to go on, and the shell's exit status (130 / 143).
enum Interrupts {
    private static let current = Mutex<RunMonitor?>(nil)
    private static let sources = Mutex<[DispatchSourceSignal]>([])

    /// The run to report on; nil between runs (then a signal stops ferry the default way).
    static var monitor: RunMonitor? {
        get { current.withLock { $0 } }
        set {
            current.withLock { $0 = newValue }
            if newValue != nil { installOnce() }
        }
    }

    private static func installOnce() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { stopped(by: number) }
                source.resume()
                sources.append(source)
            }
        }
    }

    private static func stopped(by number: Int32) {
        guard let monitor else {
            // No run to report: die of the signal as ferry would have without a handler.
            signal(number, SIG_DFL)
            kill(getpid(), number)
            return
        }
        let line = monitor.interrupted(signal: number)
        Console.err(line)
        _exit(128 + number)
    }
}
