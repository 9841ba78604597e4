import Foundation
import TransferCore

/// Everything a transfer command prints. Results go to stdout (NDJSON with `--json`, lines for
/// people otherwise); notices and failures go to stderr; nothing interleaves mid-line.
final class EventWriter: Sendable {
    let json: Bool

    init(json: Bool) {
        self.json = json
    }

    func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        Console.out(String(decoding: data, as: UTF8.self))
    }

    /// A `summary` event: the core every command's summary has (docs/json.md), then its own fields.
    func summary(files: Int, bytes: Int64, failed: Int, seconds: Double, _ extra: [String: Any] = [:]) {
        emit(Self.summary(files: files, bytes: bytes, failed: failed, seconds: seconds, extra))
    }

    static func summary(files: Int, bytes: Int64, failed: Int, seconds: Double, _ extra: [String: Any]) -> [String: Any] {
        var object = extra
        object["event"] = "summary"
        object["files"] = files
        object["bytes"] = bytes
        object["failed"] = failed
        object["seconds"] = (seconds * 1000).rounded() / 1000
        return object
    }

    func line(_ text: String) {
        Console.out(text)
    }

    func error(_ text: String) {
        Console.err(text)
    }

    func handle(_ event: TransferEvent) {
        switch event {
        case .notice(let message):
            if json { emit(["event": "notice", "message": message]) } else { error("ferry: \(message)") }
        case .fileStarted:
            break
        case .streams(let groups):
            // Text output stays quiet: the plan and --dry-run show the groups.
            if json { emit(Self.streams(groups)) }
        case .fileFinished(let result):
            if json {
                var object: [String: Any] = [
                    "event": "file", "source": result.item.source, "destination": result.item.destination,
                    "bytes": result.item.size, "seconds": (result.seconds * 1e6).rounded() / 1e6,
                    "status": result.succeeded ? "ok" : "failed", "rename": result.method == .rename,
                    "resumed": result.resumed,
                ]
                if let method = result.method { object["method"] = method.rawValue }
                if let digest = result.digest { object["xxh128"] = digest.hex }
                if let failure = result.failure { object["error"] = failure }
                if let kind = result.failureKind { object["error_kind"] = kind.rawValue }
                emit(object)
            } else if let failure = result.failure {
                error("ferry: \(result.item.source): \(failure)" + Self.advice(for: result))
            }
        }
    }

    /// Each device group of the run, its stream limits and the most streams it carried at once.
    static func streams(_ groups: [StreamGroupSummary]) -> [String: Any] {
        ["event": "streams", "groups": groups.map { summary -> [String: Any] in
            var group: [String: Any] = ["name": summary.group.name, "read_limit": summary.group.readLimit, "write_limit": summary.group.writeLimit,
                                        "peak_readers": summary.peakReaders, "peak_writers": summary.peakWriters]
            if let rotational = summary.group.rotational { group["rotational"] = rotational }
            return group
        }]
    }

    /// The advice for a file's failure: by its kind where the engine knew it, else by its words
    /// (failures reported before a file reached the engine carry only a message).
    static func advice(for result: FileResult) -> String {
        guard let failure = result.failure else { return "" }
        return result.failureKind == .permission ? permissionAdvice("Permission denied") : permissionAdvice(failure)
    }

    /// Appended to a failure that was refused by permissions: the usual cause is running as a
    /// user who does not own the store, and the fix is to run as its owner, not to retry.
    static func permissionAdvice(_ failure: String) -> String {
        failure.contains("Permission denied") || failure.contains("Operation not permitted")
            ? " (run ferry as the owner of the store and destination, or as root)" : ""
    }
}
