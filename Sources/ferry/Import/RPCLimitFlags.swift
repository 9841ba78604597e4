import FerryRPC

/// `--timeout S` and `--max-reply-size SIZE` as `ferry import` and `ferry export metadata` read
/// them: one parser and one wording, so the same value means the same thing in both commands.
struct RPCLimitFlags {
    /// A day: longer is surely a typo, and it keeps the deadline arithmetic far from any limit.
    static let maxTimeoutSeconds = 86_400

    var timeout: String
    var maxReplySize: String

    /// Whole seconds in 1…86400, or nil.
    var timeoutSeconds: Int? {
        Int(timeout).flatMap { (1...Self.maxTimeoutSeconds).contains($0) ? $0 : nil }
    }

    /// At least one byte, or nil.
    var maxReplyBytes: Int? {
        ByteCount.parse(maxReplySize).flatMap { $0 >= 1 ? $0 : nil }
    }

    /// The first problem with either value, or nil.
    var problem: String? {
        if timeoutSeconds == nil {
            return "--timeout '\(timeout)' is not a whole number of seconds between 1 and \(Self.maxTimeoutSeconds)"
        }
        if maxReplyBytes == nil { return "--max-reply-size '\(maxReplySize)' is not a size of at least 1 byte (e.g. 64MiB)" }
        return nil
    }

    /// Call only after `problem` returned nil (validate() does): the fallbacks are never used then.
    func client(_ endpoint: APIEndpoint) -> JSONRPCClient {
        JSONRPCClient(endpoint: endpoint, timeout: Double(timeoutSeconds ?? 60),
                      maxReplyBytes: maxReplyBytes ?? JSONRPCClient.defaultMaxReplyBytes)
    }
}
