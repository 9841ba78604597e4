/// `--deadline-margin`: `30m`, `1h`, `90s`, `1h30m`.
enum DurationText {
    static func seconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var digits = ""
        for character in text.lowercased() {
            if character.isNumber { digits.append(character); continue }
            guard let value = Int64(digits), let unit = ["s": 1, "m": 60, "h": 3600][String(character)] else { return nil }
            total += value * Int64(unit)
            digits = ""
        }
        guard digits.isEmpty, !text.isEmpty else { return nil }
        return total
    }
}
