import ArgumentParser
import Foundation
import Glibc

/// `--stats INTERVAL`: how often a run logs a heartbeat line on stderr.
struct StatsFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Print a progress line on stderr every INTERVAL (90, 30s, 5m, 1h; 0 = never). Default: 60s when stderr is not a terminal (nohup, systemd, Slurm, Kubernetes), never on a terminal, which gets the progress bar.", valueName: "interval"))
    var stats: String?

    func validate() throws {
        if let stats, StatsInterval.parse(stats) == nil {
            throw ValidationError("--stats: write seconds (90), or 30s, 5m, 1h, or 0 for never; got '\(stats)'")
        }
    }

    /// Seconds between heartbeat lines; 0 for none.
    var seconds: Double {
        stats.flatMap(StatsInterval.parse) ?? (StatsInterval.isTerminal ? 0 : 60)
    }
}

enum StatsInterval {
    /// True when stderr is a terminal a bar can be drawn on.
    static var isTerminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let factors: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in factors where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count)), value >= 0, value.isFinite else { return nil }
            return value * factor
        }
        guard let value = Double(trimmed), value >= 0, value.isFinite else { return nil }
        return value
    }
}
