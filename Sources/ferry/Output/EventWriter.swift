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
                emit(object)
            } else if let failure = result.failure {
                error("ferry: \(result.item.source): \(failure)")
            }
        }
    }
}
