import Foundation

/// One failure of one JSON-RPC call, each with a single message a user can act on.
public enum RPCError: Error, Equatable, CustomStringConvertible {
    case timeout(url: String, seconds: Double)
    case replyTooLarge(url: String, limit: Int)
    case connectionRefused(url: String)
    case connectionClosed(url: String)
    case hostNotFound(url: String)
    case transport(url: String, detail: String)
    case unauthorized(url: String)
    case httpStatus(url: String, status: Int)
    case server(method: String, code: Int, message: String)
    case malformedReply(method: String, url: String, detail: String)
    case unexpectedResult(method: String, detail: String)

    public var description: String {
        switch self {
        case let .timeout(url, seconds):
            "no complete reply from \(url) within \(Self.format(seconds)) s (timed out)"
        case let .replyTooLarge(url, limit):
            "reply from \(url) exceeds \(limit) bytes; raise --max-reply-size"
        case let .connectionRefused(url):
            "cannot connect to \(url): connection refused (is the daemon running and listening there?)"
        case let .connectionClosed(url):
            "\(url) closed the connection before the reply was complete"
        case let .hostNotFound(url):
            "cannot resolve the host of \(url)"
        case let .transport(url, detail):
            "request to \(url) failed: \(detail)"
        case let .unauthorized(url):
            "\(url) rejected the API token (HTTP 401): check --token, the repo's token file or MINER_API_INFO"
        case let .httpStatus(url, status):
            "\(url) answered HTTP \(status) without a JSON-RPC reply"
        case let .server(method, code, message):
            "\(method) failed on the server: \(message) (JSON-RPC error \(code))"
        case let .malformedReply(method, url, detail):
            "reply to \(method) from \(url) is not valid JSON (malformed or truncated): \(detail)"
        case let .unexpectedResult(method, detail):
            "reply to \(method) does not have the expected shape: \(detail)"
        }
    }

    private static func format(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}
