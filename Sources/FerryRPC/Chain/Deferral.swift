/// Why a sector may not start now, and from which epoch it may.
public enum Deferral: Sendable, Equatable, CustomStringConvertible {
    /// Its deadline is between Challenge and Close: lotus is reading the sector's files.
    case open(ProvingWindow)
    /// Its deadline's challenge comes within the margin, `seconds` from the epoch asked about.
    case opensSoon(ProvingWindow, seconds: Int64)

    public var window: ProvingWindow {
        switch self {
        case .open(let w), .opensSoon(let w, _): w
        }
    }

    public var deadline: UInt64 { window.deadline }

    /// The window's close: from then the next challenge is most of a proving period away.
    public var resumeEpoch: Int64 { window.close }

    /// "deadline 30 open", "deadline 31 opens in 20m" — the words of the `deferred:` line.
    public var description: String {
        switch self {
        case .open(let w): "deadline \(w.deadline) open"
        case let .opensSoon(w, seconds): "deadline \(w.deadline) opens in \(EpochDuration.text(seconds: seconds))"
        }
    }
}

/// A sector left for later, with the reason that held at the epoch it was looked at.
public struct DeferredSector: Sendable, Equatable {
    public let sector: UInt64
    public let deferral: Deferral

    public init(sector: UInt64, deferral: Deferral) {
        self.sector = sector
        self.deferral = deferral
    }
}

/// What a device group holding sectors of an open deadline may do while the deadline is open.
public enum ProvingLimit: Sendable, Equatable, CustomStringConvertible {
    /// `--proving-bwlimit 0`, the default: start no I/O on the group.
    case pause
    case bytesPerSecond(UInt64)

    /// 0 means pause, as the flag reads.
    public init(bytesPerSecond: UInt64) {
        self = bytesPerSecond == 0 ? .pause : .bytesPerSecond(bytesPerSecond)
    }

    public var description: String {
        switch self {
        case .pause: "paused"
        case .bytesPerSecond(let rate): "limited to \(rate) B/s"
        }
    }
}

/// The limit a device group must keep now, and why.
public struct ProvingThrottle: Sendable, Equatable, CustomStringConvertible {
    public let window: ProvingWindow
    public let limit: ProvingLimit

    /// "paused: deadline 30 open until epoch 1060"
    public var description: String { "\(limit): deadline \(window.deadline) open until epoch \(window.close)" }
}
