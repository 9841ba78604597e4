import CLinuxShims
import Foundation

/// The terminal a progress line is drawn on.
public enum Terminal {
    /// Columns of the terminal on `fd`; `COLUMNS`, then 80, when it says nothing (a pty with no
    /// size set, a terminal emulator that reports 0).
    public static func columns(fd: Int32) -> Int {
        let reported = ferry_terminal_columns(fd)
        if reported > 0 { return Int(reported) }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        return 80
    }
}
