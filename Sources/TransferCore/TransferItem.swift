public import TransferIO

/// One regular file to transfer: where it is, where it goes, and what it looked like when
/// planned (size and mtime are the evidence that it did not change underneath us).
public struct TransferItem: Sendable, Codable, Hashable {
    public var source: String
    public var destination: String
    public var size: Int64
    public var permissions: UInt32
    public var modificationTime: Timestamp
    /// The directory (a SRC argument, a store) below which no link is followed on the way to the
    /// source; nil guards only the last component (rows of journals older than this field).
    public var sourceRoot: String?
    /// The same for the destination (the destination root of the run).
    public var destinationRoot: String?
    /// Which file the source was when planned. Before its copy is committed and before it is
    /// deleted, the name must still refer to this very file; nil in older journals.
    public var sourceIdentity: FileIdentity?

    public init(source: String, destination: String, size: Int64, permissions: UInt32, modificationTime: Timestamp,
                sourceRoot: String? = nil, destinationRoot: String? = nil, sourceIdentity: FileIdentity? = nil) {
        self.source = source
        self.destination = destination
        self.size = size
        self.permissions = permissions
        self.modificationTime = modificationTime
        self.sourceRoot = sourceRoot
        self.destinationRoot = destinationRoot
        self.sourceIdentity = sourceIdentity
    }

    public var anchoredSource: AnchoredPath { AnchoredPath(root: sourceRoot, path: source) }
    public var anchoredDestination: AnchoredPath { AnchoredPath(root: destinationRoot, path: destination) }

    /// Why the file now under the source's name is not the one planned (or copied): nil when it
    /// is the same file, unchanged. `pinned` is the identity read from the copied descriptor.
    public func replacement(_ now: FileStatus, pinned: FileIdentity? = nil) -> String? {
        if now.kind != .regular { return "the source is no longer a regular file" }
        if let expected = pinned ?? sourceIdentity, FileIdentity(now) != expected {
            return now.inode != expected.inode ? "another file was put under the source's name (\(FileIdentity(now)), planned \(expected))"
                : "the source was written or changed (its ctime moved)"
        }
        if now.size != size || now.modificationTime != modificationTime { return "the source's size or mtime changed" }
        return nil
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
    /// FICLONE on one file system (XFS, btrfs): extents shared, no data written; the clone is
    /// hashed once from the device before the source may go.
    case reflink
}
