import Glibc
internal import CLinuxShims

/// An open directory: the only way ferry looks up, opens, renames or deletes a name below a root
/// it was given. Every lookup is relative to this descriptor and follows no symbolic link, so a
/// directory swapped for a link mid-run (or a `..`) can never lead a read or an unlink outside
/// the tree. Owns its descriptor; closed when the last reference goes.
public final class DirectoryHandle: @unchecked Sendable {
    public let fd: Int32
    /// For messages only; never used to reach the directory again.
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { Glibc.close(fd) }

    /// A directory the user named. Links in that path are the user's choice and are followed;
    /// nothing below it is.
    public static func open(_ path: String) throws(Errno) -> DirectoryHandle {
        DirectoryHandle(fd: try FileSystem.open(path, .directory), path: path)
    }

    /// The directory `relative` ("a/b", or "" for this one) below this one, through no link and
    /// never above it. A component that is a link fails with `.tooManyLinks` (ELOOP).
    public func directory(_ relative: String) throws(Errno) -> DirectoryHandle {
        let fd = try Self.beneath(fd, relative.isEmpty ? "." : relative, O_RDONLY | O_DIRECTORY)
        return DirectoryHandle(fd: fd, path: relative.isEmpty ? path : path + "/" + relative)
    }

    /// `mkdir -p` of `relative` below this directory, component by component, through no link.
    public func makeDirectories(_ relative: String, permissions: UInt32 = 0o755) throws(Errno) -> DirectoryHandle {
        var current = self
        for component in relative.split(separator: "/") where component != "." {
            try current.makeDirectory(String(component), permissions: permissions)
            current = try current.directory(String(component))
        }
        return current
    }

    /// Opens the entry `name` (one component) without following it if it is a link.
    public func openFile(_ name: String, _ mode: FileSystem.OpenMode, direct: Bool = false, permissions: UInt32 = 0o600) throws(Errno) -> Int32 {
        while true {
            let fd = PathBytes.withCString(name) { ferry_openat(self.fd, $0, mode.flags | O_NOFOLLOW, direct ? 1 : 0, permissions) }
            if fd >= 0 { return fd }
            if fd != -EINTR { throw Errno(rawValue: -fd) }
        }
    }

    /// lstat of an entry: what the name refers to now.
    public func status(_ name: String) throws(Errno) -> FileStatus {
        var st = stat()
        try Self.check(PathBytes.withCString(name) { ferry_fstatat_nofollow(fd, $0, &st) })
        return FileStatus(st)
    }

    public func unlink(_ name: String) throws(Errno) {
        try Self.check(PathBytes.withCString(name) { ferry_unlinkat(fd, $0, 0) })
    }

    /// rmdir of an entry; only ever removes an empty directory.
    public func removeDirectory(_ name: String) throws(Errno) {
        try Self.check(PathBytes.withCString(name) { ferry_unlinkat(fd, $0, 1) })
    }

    /// renameat2 from this directory into `target`; without `replacing`, an existing name fails
    /// with `.exists` (RENAME_NOREPLACE) instead of being replaced.
    public func rename(_ name: String, to target: DirectoryHandle, as newName: String, replacing: Bool) throws(Errno) {
        try Self.check(PathBytes.withCString(name) { from in
            PathBytes.withCString(newName) { ferry_renameat2(fd, from, target.fd, $0, replacing ? 0 : 1) }
        })
    }

    /// mkdirat; an existing entry is fine only if it is a directory (a link is not).
    public func makeDirectory(_ name: String, permissions: UInt32 = 0o755) throws(Errno) {
        let rc = PathBytes.withCString(name) { ferry_mkdirat(fd, $0, permissions) }
        guard rc < 0 else { return }
        let error = Errno(rawValue: -rc)
        guard error == .exists else { throw error }
        if try status(name).kind != .directory { throw Errno.notDirectory }
    }

    /// fsync of the directory, so that renames and unlinks in it survive a power cut.
    public func sync() throws(Errno) {
        try FileSystem.sync(fd: fd)
    }

    /// flock on the directory itself (no lock file is left in it). Fails at once with
    /// `.wouldBlock` when another process holds a conflicting lock; released when this handle
    /// is closed or the process dies.
    public func lock(exclusive: Bool) throws(Errno) {
        try Self.check(ferry_flock(fd, exclusive ? 1 : 0, 1))
    }

    private static func beneath(_ dirfd: Int32, _ relative: String, _ flags: Int32) throws(Errno) -> Int32 {
        let fd = PathBytes.withCString(relative) { ferry_open_beneath(dirfd, $0, flags, 0) }
        if fd < 0 { throw Errno(rawValue: -fd) }
        return fd
    }

    private static func check(_ rc: Int32) throws(Errno) {
        if rc < 0 { throw Errno(rawValue: -rc) }
    }
}

/// A path split at its root: the directory the user (or a store) named, below which no link is
/// followed. `relative` is empty for the root itself.
public struct AnchoredPath: Sendable, Hashable {
    public let root: String
    public let relative: String

    /// `path` below `root`; a path outside it is anchored at its own parent directory, so only
    /// its last component is guarded (the most a bare path can promise).
    public init(root: String?, path: String) {
        if let root, path.hasPrefix(root + "/") || (root == "/" && path.hasPrefix("/") && path != "/") {
            self.root = root
            relative = String(path.dropFirst(root == "/" ? 1 : root.count + 1))
        } else {
            self.root = FileSystem.parentDirectory(of: path)
            relative = FileSystem.baseName(of: path)
        }
    }

    public var name: String { FileSystem.baseName(of: relative) }

    public var parentRelative: String {
        guard let slash = relative.lastIndex(of: "/") else { return "" }
        return String(relative[..<slash])
    }

    public var path: String { relative.isEmpty ? root : root == "/" ? "/" + relative : root + "/" + relative }

    /// The directory holding this entry, reached from the root through no link.
    public func openParent() throws(Errno) -> DirectoryHandle {
        try DirectoryHandle.open(root).directory(parentRelative)
    }

    /// Creates the directories from the root down to this entry's parent (through no link), the
    /// root itself with `mkdir -p` if it is missing, and opens the parent.
    public func makeParent() throws(Errno) -> DirectoryHandle {
        try FileSystem.makeDirectories(root)
        return try DirectoryHandle.open(root).makeDirectories(parentRelative)
    }
}
