/// Durations as ferry's flags spell them (`20m`, `1h30m`, `90s` → `1m30s`), for messages that tell
/// an operator how long until a deadline opens.
public enum EpochDuration {
    /// Filecoin's block time (`BlockDelaySecs`) on mainnet and calibnet.
    public static let epochSeconds: Int64 = 30

    /// `3h`, `1h5m`, `20m`, `30s`, `0s`; negative durations read as `0s`.
    public static func text(seconds: Int64) -> String {
        guard seconds > 0 else { return "0s" }
        let h = seconds / 3600
        let m = seconds % 3600 / 60
        let s = seconds % 60
        var out = ""
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 { out += "\(s)s" }
        return out
    }
}
