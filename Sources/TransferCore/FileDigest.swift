import Glibc
import TransferHash
import TransferIO

/// Synchronous whole-file XXH128, read from the device (O_DIRECT where possible). For the
/// rare paths that compare an existing destination; bulk hashing goes through the workers.
enum FileDigest {
    static func compute(_ path: String, bufferSize: Int = 4 << 20) throws(Errno) -> Digest128 {
        try compute(OpenFile.openForReading(path), bufferSize: bufferSize)
    }

    /// Hashes an open file and closes it; `progress` counts the bytes read, for the display.
    static func compute(_ file: OpenFile, bufferSize: Int = 4 << 20, progress counters: TransferCounters? = nil) throws(Errno) -> Digest128 {
        defer { file.close() }
        if !file.direct { FileSystem.dropCache(fd: file.fd) }
        let size = try FileSystem.status(fd: file.fd).size
        let buffer = try BufferArena(slotSize: bufferSize, slotCount: 1)
        var hasher = XXH128Hasher()
        var offset: Int64 = 0
        var reader = file
        while offset < size {
            var want = Int(min(Int64(bufferSize), size - offset))
            if reader.direct {
                if reader.canDirect(offset: offset, length: want.roundedUp(to: reader.alignment)) {
                    want = want.roundedUp(to: reader.alignment)
                } else {
                    reader.dropDirect()
                }
            }
            let got = try FileSystem.read(fd: reader.fd, into: UnsafeMutableRawBufferPointer(start: buffer.slot(0), count: want), offset: offset)
            if got == 0 { break }
            let useful = Int(min(Int64(got), size - offset))
            hasher.update(UnsafeRawBufferPointer(start: buffer.slot(0), count: useful))
            offset += Int64(useful)
            counters?.bytesCompared.add(Int64(useful), ordering: .relaxed)
        }
        return hasher.digest()
    }
}

/// Fault seam for tests: damages a staged destination after it was synced and before it is
/// verified, the way a bad drive or a lying cache would.
enum TestFaults {
    static func corrupt(_ path: String, size: Int64) {
        guard size > 0, let fd = try? FileSystem.open(path, .readWrite) else { return }
        defer { FileSystem.close(fd) }
        var byte: UInt8 = 0
        let offset = size / 2
        _ = withUnsafeMutableBytes(of: &byte) { try? FileSystem.read(fd: fd, into: $0, offset: offset) }
        byte ^= 0xFF
        _ = withUnsafeBytes(of: &byte) { try? FileSystem.write(fd: fd, from: $0, offset: offset) }
        try? FileSystem.syncData(fd: fd)
        FileSystem.dropCache(fd: fd)
    }
}
