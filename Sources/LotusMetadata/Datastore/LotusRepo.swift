import Foundation

/// A lotus-miner repo directory (`LOTUS_MINER_PATH`, usually `~/.lotusminer`).
public struct LotusRepo: Sendable {
    public let path: String

    /// `~` is expanded here: damocles does not, and creates a literal `./~/.lotusminer`.
    public init(path: String) {
        self.path = Self.expandTilde(path)
    }

    public var metadataPath: String { path + "/datastore/metadata" }
    public var repoLockPath: String { path + "/repo.lock" }

    public static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
