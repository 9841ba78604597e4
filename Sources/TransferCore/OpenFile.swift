import TransferIO

/// A descriptor the engine owns, and whether I/O on it is direct (bypassing the page cache).
struct OpenFile {
    let fd: Int32
    private(set) var direct: Bool
    /// Offset/length alignment O_DIRECT needs; 1 when buffered.
    private(set) var alignment: Int

    /// Opens for reading, direct when the file system can. Direct reads are what make
    /// verification a read from the device instead of from the page cache.
    static func openForReading(_ path: String) throws(Errno) -> OpenFile {
        try openForReading { mode, direct throws(Errno) in try FileSystem.open(path, mode, direct: direct) }
    }

    /// The same for an entry of a directory reached through no link (sources are read this way).
    static func openForReading(in directory: DirectoryHandle, _ name: String) throws(Errno) -> OpenFile {
        try openForReading { mode, direct throws(Errno) in try directory.openFile(name, mode, direct: direct) }
    }

    private static func openForReading(_ open: (FileSystem.OpenMode, Bool) throws(Errno) -> Int32) throws(Errno) -> OpenFile {
        let probe = try open(.readOnly, false)
        guard let align = FileSystem.directIOAlignment(fd: probe) else {
            FileSystem.adviseSequential(fd: probe)
            return OpenFile(fd: probe, direct: false, alignment: 1)
        }
        // O_DIRECT is set on the probe itself rather than by opening the name twice: a second
        // open could reach another file if the name was replaced in between.
        do throws(Errno) {
            try FileSystem.setDirect(probe, true)
            return OpenFile(fd: probe, direct: true, alignment: max(align.offset, align.memory))
        } catch {
            FileSystem.adviseSequential(fd: probe)
            return OpenFile(fd: probe, direct: false, alignment: 1)
        }
    }

    /// Creates a new file (never an existing one) for writing, direct when possible.
    static func create(_ path: String, permissions: UInt32 = 0o600) throws(Errno) -> OpenFile {
        let fd = try FileSystem.open(path, .createExclusive, permissions: permissions)
        guard let align = FileSystem.directIOAlignment(fd: fd) else {
            return OpenFile(fd: fd, direct: false, alignment: 1)
        }
        do {
            try FileSystem.setDirect(fd, true)
            return OpenFile(fd: fd, direct: true, alignment: max(align.offset, align.memory))
        } catch {
            return OpenFile(fd: fd, direct: false, alignment: 1)
        }
    }

    /// Falls back to buffered I/O, for a remainder that O_DIRECT cannot express.
    mutating func dropDirect() {
        guard direct else { return }
        if (try? FileSystem.setDirect(fd, false)) != nil {
            direct = false
            alignment = 1
        }
    }

    func canDirect(offset: Int64, length: Int) -> Bool {
        direct && offset % Int64(alignment) == 0 && length % alignment == 0
    }

    func close() { FileSystem.close(fd) }
}

extension Int {
    func roundedUp(to alignment: Int) -> Int {
        alignment <= 1 ? self : (self + alignment - 1) / alignment * alignment
    }
}
