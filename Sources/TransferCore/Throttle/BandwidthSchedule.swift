/// Why a rate or timetable could not be read; the CLI reports it as a usage error.
public struct RateError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Bytes per second: `200MiB`, `1.5GB`, `512k`, `100MiB/s`. Bare K/M/G/T are binary (as rclone
/// reads them), KB/MB/GB/TB decimal, KiB/MiB/GiB/TiB binary.
public enum ByteRate {
    public static func parse(_ raw: String) throws(RateError) -> Int64 {
        var text = Substring(raw.lowercased())
        if text.hasSuffix("/s") { text = text.dropLast(2) }
        let (k, m, g, t) = (1024.0, 1048576.0, 1073741824.0, 1099511627776.0)
        let units: [(String, Double)] = [("kib", k), ("mib", m), ("gib", g), ("tib", t),
                                         ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12),
                                         ("k", k), ("m", m), ("g", g), ("t", t), ("b", 1)]
        var factor = 1.0
        for (suffix, value) in units where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            factor = value
            break
        }
        guard let number = Double(text), number.isFinite, number > 0, number * factor < 9e18 else {
            throw RateError(description: "cannot read the rate '\(raw)'; write e.g. 200MiB, 1.5GB or off")
        }
        return max(1, Int64(number * factor))
    }
}

/// `--bwlimit`: one rate, `off`, or an rclone-style timetable of `HH:MM,RATE` entries separated by
/// spaces or `;` (local time; the entry in force is the last one at or before now, wrapping to the
/// previous day's last entry).
public struct BandwidthSchedule: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var minuteOfDay: Int
        /// nil: no limit.
        public var rate: Int64?
    }

    public let entries: [Entry]

    public static let unlimited = BandwidthSchedule(entries: [Entry(minuteOfDay: 0, rate: nil)])

    public init(rate: Int64?) { entries = [Entry(minuteOfDay: 0, rate: rate)] }

    private init(entries: [Entry]) { self.entries = entries }

    public static func parse(_ text: String) throws(RateError) -> BandwidthSchedule {
        let trimmed = text.trimmingWhitespace
        guard trimmed.contains(",") else { return BandwidthSchedule(rate: try rate(trimmed)) }
        var entries: [Entry] = []
        for part in trimmed.split(whereSeparator: { $0 == " " || $0 == ";" }) {
            let fields = part.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let minute = minuteOfDay(fields[0]) else {
                throw RateError(description: "--bwlimit: cannot read the timetable entry '\(part)'; write HH:MM,RATE (e.g. \"08:00,100MiB 19:00,off\")")
            }
            guard !entries.contains(where: { $0.minuteOfDay == minute }) else {
                throw RateError(description: "--bwlimit: \(fields[0]) appears twice in the timetable")
            }
            entries.append(Entry(minuteOfDay: minute, rate: try rate(String(fields[1]))))
        }
        return BandwidthSchedule(entries: entries.sorted { $0.minuteOfDay < $1.minuteOfDay })
    }

    /// The rate in force at `minuteOfDay` (0..<1440); nil for no limit.
    public func rate(atMinute minuteOfDay: Int) -> Int64? {
        (entries.last { $0.minuteOfDay <= minuteOfDay } ?? entries.last!).rate
    }

    private static func rate(_ text: String) throws(RateError) -> Int64? {
        text.lowercased() == "off" ? nil : try ByteRate.parse(text)
    }

    private static func minuteOfDay(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
