import Glibc
internal import CLinuxShims

/// Thin, typed wrappers over the file syscalls the engine needs. Everything returns Swift types
/// and throws `Errno`; EINTR is retried here so callers never see it.
public enum FileSystem {
    public struct OpenMode: Sendable {
        let flags: Int32
        public static let readOnly = OpenMode(flags: O_RDONLY)
        public static let readWrite = OpenMode(flags: O_RDWR)
        /// Create a new file; fails with `.exists` if the name is taken.
        public static let createExclusive = OpenMode(flags: O_RDWR | O_CREAT | O_EXCL)
        public static let directory = OpenMode(flags: O_RDONLY | O_DIRECTORY)
    }

    public static func open(_ path: String, _ mode: OpenMode, direct: Bool = false, permissions: UInt32 = 0o600) throws(Errno) -> Int32 {
        while true {
            let fd = PathBytes.withCString(path) { ferry_open($0, mode.flags | O_NOFOLLOW_IF_FILE(mode), direct ? 1 : 0, permissions) }
            if fd >= 0 { return fd }
            if fd == -EINTR { continue }
            throw Errno(rawValue: -fd)
        }
    }

    private static func O_NOFOLLOW_IF_FILE(_ mode: OpenMode) -> Int32 {
        // Sources and staging files are never reached through a symlink: a link could point
        // outside the store, and following it would copy (or later delete) the wrong thing.
        mode.flags & O_DIRECTORY == 0 ? O_NOFOLLOW : 0
    }

    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Turns O_DIRECT off on an open descriptor (for the unaligned tail of a file).
    public static func setDirect(_ fd: Int32, _ on: Bool) throws(Errno) {
        let flags = ferry_fcntl_getfl(fd)
        if flags < 0 { throw Errno(rawValue: -flags) }
        let direct = ferry_o_direct_flag()
        let rc = ferry_fcntl_setfl(fd, on ? flags | direct : flags & ~direct)
        if rc < 0 { throw Errno(rawValue: -rc) }
    }

    public static func status(_ path: String) throws(Errno) -> FileStatus {
        var st = stat()
        _ = try PathBytes.withCString(path) { p throws(Errno) in try retrying { lstat(p, &st) } }
        return FileStatus(st)
    }

    public static func status(fd: Int32) throws(Errno) -> FileStatus {
        var st = stat()
        _ = try retrying { fstat(fd, &st) }
        return FileStatus(st)
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return PathBytes.withCString(path) { lstat($0, &st) } == 0
    }

    /// O_DIRECT alignment from statx(STATX_DIOALIGN); nil when the file system cannot do
    /// direct I/O on this file (then the caller uses buffered I/O and drops the cache).
    public static func directIOAlignment(fd: Int32) -> DirectIOAlignment? {
        var memory: UInt32 = 0
        var offset: UInt32 = 0
        let rc = ferry_dio_alignment(fd, &memory, &offset)
        if rc == 0 {
            return memory == 0 || offset == 0 ? nil : DirectIOAlignment(memory: Int(memory), offset: Int(offset))
        }
        // Older kernels: no STATX_DIOALIGN. The file system block size is a safe upper bound
        // for the logical block size on every local file system ferry supports.
        var block: UInt32 = 0
        guard ferry_block_size(fd, &block) == 0, block > 0 else { return nil }
        return DirectIOAlignment(memory: Int(block), offset: Int(block))
    }

    public static func preallocate(fd: Int32, length: Int64) throws(Errno) {
        guard length > 0 else { return }
        while true {
            let rc = ferry_fallocate(fd, length)
            if rc == 0 { return }
            if rc == -EINTR { continue }
            throw Errno(rawValue: -rc)
        }
    }

    /// Clones `source`'s whole content into `dest` by sharing extents (FICLONE): no data moves.
    /// EOPNOTSUPP / EXDEV / EINVAL say this file system (or pair of mounts) cannot.
    public static func clone(into dest: Int32, from source: Int32) throws(Errno) {
        while true {
            let rc = ferry_ficlone(dest, source)
            if rc == 0 { return }
            if rc != -EINTR { throw Errno(rawValue: -rc) }
        }
    }

    /// Whether the file system at `path` is one that can clone (XFS, btrfs, bcachefs, OCFS2):
    /// a hint for plans; XFS made without reflink still says no to the clone itself.
    public static func mayClone(_ path: String) -> Bool {
        var type: UInt64 = 0
        guard PathBytes.withCString(path, { ferry_fs_type($0, &type) }) == 0 else { return false }
        return [0x5846_5342, 0x9123_683E, 0xCA45_1A4E, 0x7461_636F].contains(type)
    }

    /// Bytes an unprivileged writer may still use on the file system of `fd`, and its size.
    public static func space(fd: Int32) throws(Errno) -> (available: Int64, total: Int64) {
        var available: UInt64 = 0, total: UInt64 = 0
        let rc = ferry_space(fd, &available, &total)
        if rc < 0 { throw Errno(rawValue: -rc) }
        return (Int64(clamping: available), Int64(clamping: total))
    }

    public static func truncate(fd: Int32, length: Int64) throws(Errno) {
        _ = try retrying { ftruncate(fd, off_t(length)) }
    }

    public static func syncData(fd: Int32) throws(Errno) {
        _ = try retrying { fdatasync(fd) }
    }

    public static func sync(fd: Int32) throws(Errno) {
        _ = try retrying { fsync(fd) }
    }

    /// fsyncs a directory so that a rename or unlink in it survives a power cut.
    public static func syncDirectory(_ path: String) throws(Errno) {
        let fd = try open(path, .directory)
        defer { close(fd) }
        try sync(fd: fd)
    }

    /// Drops clean cached pages of a file, so the next buffered read comes from the device.
    public static func dropCache(fd: Int32) {
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
    }

    public static func adviseSequential(fd: Int32) {
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    /// rename(2) that never replaces an existing name (RENAME_NOREPLACE).
    public static func renameNoReplace(_ from: String, _ to: String) throws(Errno) {
        let rc = PathBytes.withCString(from) { f in PathBytes.withCString(to) { ferry_renameat2_noreplace(AT_FDCWD, f, AT_FDCWD, $0) } }
        if rc < 0 { throw Errno(rawValue: -rc) }
    }

    /// rename(2) that replaces the target atomically (only for `--overwrite`).
    public static func renameReplacing(_ from: String, _ to: String) throws(Errno) {
        _ = try PathBytes.withCString(from) { f throws(Errno) in
            try PathBytes.withCString(to) { t throws(Errno) in try retrying { Glibc.rename(f, t) } }
        }
    }

    public static func unlink(_ path: String) throws(Errno) {
        _ = try PathBytes.withCString(path) { p throws(Errno) in try retrying { Glibc.unlink(p) } }
    }

    public static func removeDirectory(_ path: String) throws(Errno) {
        _ = try PathBytes.withCString(path) { p throws(Errno) in try retrying { Glibc.rmdir(p) } }
    }

    /// mkdir -p; returns quietly when the directory already exists.
    public static func makeDirectories(_ path: String, permissions: UInt32 = 0o755) throws(Errno) {
        if let st = try? status(path) {
            if st.kind == .directory { return }
            throw .notDirectory
        }
        let parent = parentDirectory(of: path)
        if parent != path { try makeDirectories(parent, permissions: permissions) }
        if PathBytes.withCString(path, { mkdir($0, mode_t(permissions)) }) != 0 {
            let error = Errno.current
            if error != .exists { throw error }
        }
    }

    public static func setPermissions(fd: Int32, _ permissions: UInt32) throws(Errno) {
        _ = try retrying { fchmod(fd, mode_t(permissions)) }
    }

    public static func setModificationTime(fd: Int32, _ time: Timestamp) throws(Errno) {
        var times = [
            timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2),  // UTIME_OMIT: leave atime alone
            timespec(tv_sec: Int(time.seconds), tv_nsec: Int(time.nanoseconds)),
        ]
        _ = try retrying { futimens(fd, &times) }
    }

    /// Names in a directory, without "." and "..", in no particular order.
    public static func listDirectory(_ path: String) throws(Errno) -> [String] {
        guard let dir = PathBytes.withCString(path, { opendir($0) }) else { throw Errno.current }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            // Names are bytes: decoded losslessly, not "repaired" into another name.
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                PathBytes.decode(raw.prefix { $0 != 0 })
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `path`, or its nearest ancestor that exists: where a destination about to be created
    /// will live (its file system, its free space).
    public static func nearestExisting(_ path: String) -> String {
        var existing = path
        while !exists(existing), existing != "/", existing != "." { existing = parentDirectory(of: existing) }
        return existing
    }

    public static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    public static func baseName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Absolute, with "." and ".." and duplicate slashes resolved lexically (no symlinks
    /// followed), so two spellings of one path compare equal.
    public static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count).map { _ in
                PathBytes.decode(buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
            } ?? "/"
            full = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }


    public static func read(fd: Int32, into buffer: UnsafeMutableRawBufferPointer, offset: Int64) throws(Errno) -> Int {
        try retrying { pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    public static func write(fd: Int32, from buffer: UnsafeRawBufferPointer, offset: Int64) throws(Errno) -> Int {
        try retrying { pwrite(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
    }
}
