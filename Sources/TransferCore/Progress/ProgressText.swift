import Foundation

/// The words of a progress display: the bar redrawn on a terminal and the heartbeat line that
/// logs get instead (nohup, systemd, Slurm, Kubernetes).
public enum ProgressText {
    /// What is being counted ("3/12 sectors", "7/16 files").
    public struct Units: Sendable, Equatable {
        public var done: Int
        public var failed: Int
        public var total: Int
        public var name: String

        public init(done: Int, failed: Int, total: Int, name: String) {
            self.done = done
            self.failed = failed
            self.total = total
            self.name = name
        }
    }

    /// `h:mm:ss`, hours unbounded: a 28-hour run reads 28:26:40, not 1706:40.
    public static func clock(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds.rounded()))
        return String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
    }

    /// `3h02m`, `12m05s`, `45s`: short enough for a log line.
    public static func brief(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds.rounded()))
        if whole >= 3600 { return String(format: "%dh%02dm", whole / 3600, whole / 60 % 60) }
        if whole >= 60 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return "\(whole)s"
    }

    /// Joins fields with two spaces, dropping whole fields from the right until the line fits in
    /// `width` columns (one is kept free: writing the last column wraps on many terminals).
    public static func fit(_ fields: [String], width: Int) -> String {
        var line = ""
        for field in fields where !field.isEmpty {
            let next = line.isEmpty ? field : line + "  " + field
            guard next.count < width else { break }
            line = next
        }
        return line
    }

    /// The terminal line, most wanted first: bar and percentage, phase (or PAUSED), ETA, rate,
    /// bytes per step, units, then the throttle's limit.
    public static func bar(_ reading: ProgressEstimate.Reading, work: ProgressEstimate.Work, units: Units,
                           extra: String = "", width: Int) -> String {
        let cells = 20
        let filled = Int(reading.fraction * Double(cells))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled) + "]"
        let paused = extra.hasPrefix("PAUSED")
        let fields = [
            "\(bar) \(Int(reading.fraction * 100))%",
            paused ? extra : reading.phase == .starting ? "" : reading.phase.rawValue,
            "ETA " + (reading.etaSeconds.map(clock) ?? "-:--:--"),
            ByteCount.format(Int64(reading.rate)) + "/s",
            amounts(reading, work: work),
            unitsText(units),
            paused ? "" : extra,
        ]
        return fit(fields, width: width)
    }

    /// `progress: 3/12 sectors, 96.2/300 GiB, 1.1 GiB/s, ETA 3h02m`
    public static func heartbeat(_ reading: ProgressEstimate.Reading, units: Units, extra: String = "") -> String {
        var parts = ["\(units.done)/\(units.total) \(units.name)"]
        if units.failed > 0 { parts[0] += " (\(units.failed) failed)" }
        parts.append("\(decimal(reading.doneBytes, unitOf: reading.totalBytes))/\(ByteCount.format(reading.totalBytes))")
        parts.append(ByteCount.format(Int64(reading.rate)) + "/s")
        parts.append("ETA " + (reading.etaSeconds.map(brief) ?? "unknown"))
        if reading.phase != .starting { parts.append(reading.phase.rawValue) }
        if !extra.isEmpty { parts.append(extra) }
        return "progress: " + parts.joined(separator: ", ")
    }

    /// `copied 1.20 GiB, verified 0.90 GiB of 2.00 GiB`
    static func amounts(_ reading: ProgressEstimate.Reading, work: ProgressEstimate.Work) -> String {
        let counters = reading.counters
        var parts: [String] = []
        switch work {
        case .hashOnly:
            parts.append("verified \(ByteCount.format(counters.bytesVerified))")
        case .transfer(let verifying):
            parts.append("copied \(ByteCount.format(counters.bytesCopied))")
            if verifying { parts.append("verified \(ByteCount.format(counters.bytesVerified))") }
        }
        if counters.bytesCompared > 0 { parts.append("compared \(ByteCount.format(counters.bytesCompared))") }
        if counters.bytesSettled > 0 { parts.append("already done \(ByteCount.format(counters.bytesSettled))") }
        return parts.joined(separator: ", ") + " of \(ByteCount.format(reading.totalBytes))"
    }

    static func unitsText(_ units: Units) -> String {
        "\(units.name) \(units.done)/\(units.total)" + (units.failed > 0 ? ", \(units.failed) failed" : "")
    }

    /// The done amount in the unit the total prints in, so the pair reads `96.20/300.00 GiB`.
    static func decimal(_ bytes: Int64, unitOf total: Int64) -> String {
        let full = ByteCount.format(total)
        guard let unit = full.split(separator: " ").last, unit != "B" else { return "\(bytes)" }
        let exponent = ["KiB": 1, "MiB": 2, "GiB": 3, "TiB": 4, "PiB": 5][String(unit)] ?? 0
        return String(format: "%.2f", Double(bytes) / pow(1024, Double(exponent)))
    }
}
