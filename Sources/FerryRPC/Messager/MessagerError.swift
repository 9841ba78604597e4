/// Why the messager could not be used at all. Any of these stops the export before anything is
/// written: a wrong token or a messager that is down would otherwise silently null (or placeholder)
/// every message of every sector.
public enum MessagerError: Error, Equatable, CustomStringConvertible {
    case tokenRefused(url: String)
    case permissionDenied(uid: String, message: String)
    case call(uid: String, RPCError)
    case badReply(uid: String, detail: String)

    public var description: String {
        switch self {
        case let .tokenRefused(url):
            "venus-messager at \(url) rejected the token (HTTP 401): check --messager-token"
        case let .permissionDenied(uid, message):
            "venus-messager refused to show message \(uid) to this token (\(message)): use an admin token, or one whose user owns the miner's sending addresses (--messager-token)"
        case let .call(uid, error):
            "cannot look up message \(uid) in venus-messager: \(error)"
        case let .badReply(uid, detail):
            "venus-messager's reply about message \(uid) is not usable: \(detail)"
        }
    }
}
