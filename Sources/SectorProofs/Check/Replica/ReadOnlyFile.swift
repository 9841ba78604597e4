import TransferIO

/// A file opened for reading (never through a symlink: TransferIO refuses them), read with pread,
/// which several threads may do at once.
final class ReadOnlyFile: Sendable {
    let path: String
    private let fd: Int32

    init(_ path: String) throws(Errno) {
        self.path = path
        fd = try FileSystem.open(path, .readOnly)
    }

    deinit { FileSystem.close(fd) }

    /// Fills `buffer` from `offset`; a short file is an error (EIO names it: the sizes were checked
    /// before, so the file changed under us).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(Errno) {
        var done = 0
        while done < buffer.count {
            let n = try FileSystem.read(fd: fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), offset: offset + Int64(done))
            if n == 0 { throw .ioError }
            done += n
        }
    }

    func read(count: Int, at offset: Int64) throws(Errno) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
        defer { buffer.deallocate() }
        try read(into: buffer, at: offset)
        return Array(buffer)
    }

    /// The whole file (tree-r-last files are at most 9.6 MB, p_aux and t_aux tiny).
    static func contents(_ path: String) throws(Errno) -> [UInt8] {
        let file = try ReadOnlyFile(path)
        let size = try FileSystem.status(fd: file.fd).size
        return try file.read(count: Int(size), at: 0)
    }

    /// Tells the kernel the file will be read front to back (the --full scan).
    func adviseSequential() { FileSystem.adviseSequential(fd: fd) }
}
