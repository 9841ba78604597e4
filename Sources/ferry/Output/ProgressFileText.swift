import Foundation
import TransferCore

/// How `status` and `report` describe a run from its progress file.
enum ProgressFileText {
    static let cleanupOnly = "all data verified at the destination; only cleanup remains"

    /// `running (pid 123 on vm, started 2026-12-01 14:20:55 UTC, updated 2 s ago)`
    static func state(_ file: ProgressFile, now: Date = Date()) -> String {
        let started = timestamp(file.started)
        let age = max(0, Int(now.timeIntervalSince(file.updated)))
        if file.isStale {
            return "not running: pid \(file.pid) is gone (killed?); last update \(age) s ago, started \(started); run the same command to resume"
        }
        return "\(file.state.rawValue) (pid \(file.pid) on \(file.host), started \(started), updated \(age) s ago)"
    }

    /// `sectors: 3 done, 1 in flight, 8 remaining, 0 failed`
    static func counts(_ file: ProgressFile) -> String {
        let counts = file.counts
        return "\(file.unit): \(counts.done) done, \(counts.inFlight) in flight, \(counts.remaining) remaining, \(counts.failed) failed"
    }

    /// `bytes: 96.20 GiB of 300.00 GiB (copied 120.00 GiB, verified 72.40 GiB), 1.10 GiB/s, ETA 3:02:11`
    static func bytes(_ file: ProgressFile) -> String {
        var line = "bytes: \(ByteCount.format(file.doneBytes)) of \(ByteCount.format(file.totalBytes))"
        line += " (copied \(ByteCount.format(file.bytesCopied)), verified \(ByteCount.format(file.bytesVerified)))"
        if file.state == .running && !file.isStale {
            line += ", \(ByteCount.format(Int64(file.rate)))/s, ETA " + (file.etaSeconds.map(ProgressText.clock) ?? "unknown")
        }
        return line
    }

    /// Every line `status` prints for a run it knows only from the progress file.
    static func lines(_ file: ProgressFile) -> [String] {
        var lines = ["run: " + file.command.joined(separator: " "), "state: " + state(file), counts(file)]
        for group in ["in_flight", "remaining", "failed"] {
            guard let numbers = file.sectors?[group], !numbers.isEmpty else { continue }
            let shown = numbers.prefix(50).map(String.init).joined(separator: " ")
            lines.append("\(group.replacingOccurrences(of: "_", with: " ")): \(shown)\(numbers.count > 50 ? " …" : "")")
        }
        lines.append(bytes(file))
        for (what, reason) in file.failures.sorted(by: { $0.key < $1.key }) { lines.append("failed: \(what): \(reason)") }
        if file.phase == .sourceRemoval && file.state != .finished { lines.append(cleanupOnly) }
        return lines
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }

    static func json(_ file: ProgressFile) -> Any {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(file), let object = try? JSONSerialization.jsonObject(with: data) else { return [:] }
        return object
    }
}
