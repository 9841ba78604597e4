import Glibc

public enum FileKind: Sendable, Equatable {
    case regular, directory, symlink, blockDevice, characterDevice, fifo, socket, unknown

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFBLK: self = .blockDevice
        case S_IFCHR: self = .characterDevice
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .unknown
        }
    }
}

/// What ferry needs of `stat(2)`, with no C type in it.
public struct FileStatus: Sendable, Equatable {
    public var kind: FileKind
    public var size: Int64
    /// Permission bits only (07777).
    public var permissions: UInt32
    public var modificationTime: Timestamp
    /// ctime: changes with every write, chmod, link or rename of the inode, and cannot be set
    /// back by `touch`, so together with the inode it tells "the same file, untouched".
    public var changeTime: Timestamp
    public var device: UInt64
    public var inode: UInt64
    public var linkCount: UInt64

    init(_ st: stat) {
        kind = FileKind(mode: st.st_mode)
        size = Int64(st.st_size)
        permissions = UInt32(st.st_mode) & 0o7777
        modificationTime = Timestamp(seconds: Int64(st.st_mtim.tv_sec), nanoseconds: Int64(st.st_mtim.tv_nsec))
        changeTime = Timestamp(seconds: Int64(st.st_ctim.tv_sec), nanoseconds: Int64(st.st_ctim.tv_nsec))
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        linkCount = UInt64(st.st_nlink)
    }
}

public struct Timestamp: Sendable, Hashable, Codable, Comparable {
    public var seconds: Int64
    public var nanoseconds: Int64

    public init(seconds: Int64, nanoseconds: Int64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }
}

/// Alignment that O_DIRECT needs for memory, offsets and lengths on one file.
public struct DirectIOAlignment: Sendable, Equatable {
    public var memory: Int
    public var offset: Int
}

/// Which file a name referred to when ferry looked: the inode and its change time. A file
/// renamed over the name (rsync, `cp -p tmp && mv`, tar) has another inode; one written in
/// place and `touch`ed back has another ctime. The device is left out on purpose: a journal
/// outlives a reboot, after which a loop or network mount may come back under another number.
public struct FileIdentity: Sendable, Codable, Hashable, CustomStringConvertible {
    public var inode: UInt64
    public var changeTime: Timestamp

    public init(inode: UInt64, changeTime: Timestamp) {
        self.inode = inode
        self.changeTime = changeTime
    }

    public init(_ status: FileStatus) {
        self.init(inode: status.inode, changeTime: status.changeTime)
    }

    public var description: String { "inode \(inode), ctime \(changeTime.seconds).\(changeTime.nanoseconds)" }
}
