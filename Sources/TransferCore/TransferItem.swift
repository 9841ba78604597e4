public import TransferIO

/// One regular file to transfer: where it is, where it goes, and what it looked like when
/// planned (size and mtime are the evidence that it did not change underneath us).
public struct TransferItem: Sendable, Codable, Hashable {
    public var source: String
    public var destination: String
    public var size: Int64
    public var permissions: UInt32
    public var modificationTime: Timestamp

    public init(source: String, destination: String, size: Int64, permissions: UInt32, modificationTime: Timestamp) {
        self.source = source
        self.destination = destination
        self.size = size
        self.permissions = permissions
        self.modificationTime = modificationTime
    }
}

/// The life of one file. The journal records exactly these states, and each is durable before
/// the next irreversible step: above all, the source is removed only after `committed` is
/// durable, and the removal itself is recorded.
public enum FileState: String, Sendable, Codable, Comparable, CaseIterable {
    case planned
    case copying
    case synced
    case verified
    case committed
    case sourceRemoved = "source-removed"
    case failed

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: FileState, b: FileState) -> Bool { a.rank < b.rank }
}

/// How a file reached its destination.
public enum TransferMethod: String, Sendable, Codable {
    /// renameat2 on one file system: no data read or written.
    case rename
    /// Read, hashed, written, synced, re-read from the device and compared.
    case copy
    /// The destination already held identical content (same size, same XXH128).
    case alreadyPresent = "already-present"
}
