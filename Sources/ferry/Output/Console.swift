import Foundation
import Glibc
import Synchronization

/// The one terminal a run shares between its result lines (stdout), its messages (stderr) and
/// the progress bar redrawn on stderr. Everything written goes through `lock`, and any line
/// first erases a drawn bar, so no output is ever glued to a bar or split by one.
enum Console {
    static let lock = Mutex(false)

    /// Erases the bar line on a terminal; nothing elsewhere (logs get no control characters).
    static let clearSequence = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[2K" : ""

    /// Writes a line to stdout, erasing the bar first when one is drawn.
    static func out(_ text: String) {
        lock.withLock { barShown in
            if barShown { Stderr.write(clearSequence) }
            barShown = false
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }

    /// Writes a line to stderr, erasing the bar first.
    static func err(_ text: String) {
        lock.withLock { barShown in
            Stderr.write((barShown ? clearSequence : "") + text + "\n")
            barShown = false
        }
    }

    /// Draws (replaces) the bar.
    static func bar(_ text: String) {
        lock.withLock { barShown in
            Stderr.write(clearSequence + text)
            barShown = true
        }
    }

    static func clearBar() {
        lock.withLock { barShown in
            if barShown { Stderr.write(clearSequence) }
            barShown = false
        }
    }
}
