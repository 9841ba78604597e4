/// A LevelDB failure, classified so callers can react (e.g. "lotus-miner is running" for `.locked`)
/// while keeping LevelDB's own wording for the user.
public struct KVError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case locked, corrupt, notFound, io, invalidArgument, other
    }

    public let kind: Kind
    /// LevelDB's own message, e.g. "IO error: lock /x/LOCK: already held by process".
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Classifies a LevelDB status string. Order matters: the "missing database" message is an
    /// "Invalid argument" and the lock message is an "IO error", so the specific cases go first.
    public init(leveldbMessage message: String) {
        let kind: Kind
        // In this process LevelDB says "already held"; another process's fcntl lock comes back
        // from F_SETLK as EAGAIN or EACCES, which LevelDB reports as "lock <path>: <strerror>".
        if message.contains("lock"), message.contains("already held")
            || message.contains(": lock ") && (message.hasSuffix("Resource temporarily unavailable") || message.hasSuffix("Permission denied")) {
            kind = .locked
        } else if message.contains("does not exist (create_if_missing is false)") {
            kind = .notFound
        } else if message.hasPrefix("Corruption:") || message.contains("Corruption:") {
            kind = .corrupt
        } else if message.hasPrefix("Invalid argument") {
            kind = .invalidArgument
        } else if message.hasPrefix("IO error") {
            kind = .io
        } else {
            kind = .other
        }
        self.init(kind: kind, message: message)
    }

    public var description: String { message }
}
