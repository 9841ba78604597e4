import Foundation

/// Sizes as people type them (`4MiB`, `256M`, `1g`, `32GiB`, `4096`) and as ferry prints them.
public enum ByteCount {
    public static func parse(_ text: String) -> Int? {
        let lower = text.lowercased().trimmingCharacters(in: " ")
        let units: [(String, Int)] = [("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40),
                                      ("kb", 1000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000),
                                      ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("t", 1 << 40), ("b", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            guard let value = Int(lower.dropLast(suffix.count)), value >= 0 else { return nil }
            return value.multipliedReportingOverflow(by: factor).overflow ? nil : value * factor
        }
        return Int(lower)
    }

    public static func format(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.2f %@", value, units[unit])
    }

    public static func rate(_ bytes: Int64, seconds: Double) -> String {
        guard seconds > 0 else { return "-" }
        return format(Int64(Double(bytes) / seconds)) + "/s"
    }
}

extension String {
    public func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
