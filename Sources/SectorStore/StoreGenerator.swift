import Glibc
public import TransferIO

/// Writes synthetic finalized sectors in the damocles/lotus layout, with exact file names and
/// sizes, for demos, benchmarks and tests. Data is pseudo-random (seeded) or sparse.
public struct StoreGenerator {
    public enum Content: Sendable {
        case random(seed: UInt64)
        /// Holes only: for scanning tests with many sectors.
        case sparse
    }

    public let store: String
    public let content: Content

    public init(store: String, content: Content) {
        self.store = FileSystem.absolute(store)
        self.content = content
    }

    /// One finalized sector; `snapUpgraded` adds the update replica next to the sector key.
    public func sector(_ id: SectorID, size: SectorSize, snapUpgraded: Bool = false) throws(Errno) {
        try replica(.sealed, id: id, size: size)
        if snapUpgraded { try replica(.update, id: id, size: size) }
    }

    public func replica(_ kind: ReplicaKind, id: SectorID, size: SectorSize) throws(Errno) {
        let cache = "\(store)/\(kind.cacheDirectory)/\(id.fileName)"
        try FileSystem.makeDirectories("\(store)/\(kind.dataDirectory)")
        try FileSystem.makeDirectories(cache)
        let salt = id.number &* 1_000_003 &+ id.miner.id &+ (kind == .update ? 77 : 0)
        try write("\(store)/\(kind.dataDirectory)/\(id.fileName)", size: size.bytes, salt: salt)
        try write(cache + "/p_aux", size: SectorSize.pAuxSize, salt: salt &+ 1)
        try write(cache + "/t_aux", size: 600 + Int64(cache.utf8.count) * 14, salt: salt &+ 2)
        for (index, tree) in size.treeRLastFiles.enumerated() {
            try write(cache + "/" + tree.name, size: tree.size, salt: salt &+ 3 &+ UInt64(index))
        }
    }

    public func write(_ path: String, size: Int64, salt: UInt64) throws(Errno) {
        let fd = try FileSystem.open(path, .createExclusive, permissions: 0o644)
        defer { FileSystem.close(fd) }
        switch content {
        case .sparse:
            try FileSystem.truncate(fd: fd, length: size)
        case .random(let seed):
            var state = seed ^ salt &* 0x9E37_79B9_7F4A_7C15 | 1
            let chunk = 4 << 20
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 8)
            defer { buffer.deallocate() }
            var offset: Int64 = 0
            while offset < size {
                let length = Int(min(Int64(chunk), size - offset))
                let words = buffer.bindMemory(to: UInt64.self)
                for i in 0..<(length + 7) / 8 {
                    state ^= state << 13
                    state ^= state >> 7
                    state ^= state << 17
                    words[i] = state
                }
                var done = 0
                while done < length {
                    done += try FileSystem.write(fd: fd, from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[done..<length]), offset: offset + Int64(done))
                }
                offset += Int64(length)
            }
        }
    }
}
