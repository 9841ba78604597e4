import Glibc
import SectorProofs
public import TransferIO

/// Writes synthetic finalized sectors in the damocles/lotus layout, with exact file names and
/// sizes, for demos, benchmarks and tests. Data is pseudo-random (seeded) or sparse, or `valid`:
/// consistent the way a sealed sector is, so `ferry check` passes it.
public struct StoreGenerator {
    public enum Content: Sendable {
        case random(seed: UInt64)
        /// Holes only: for scanning tests with many sectors.
        case sparse
        /// Random canonical leaves (or, `sparse`, a hole: all-zero leaves) with tree-r-last files
        /// over them, p_aux (random comm_c) and t_aux to match. Snapped sectors get an update
        /// replica of their own whose update-cache shares the sector key's comm_c and t_aux.
        case valid(seed: UInt64, sparse: Bool)
    }

    /// The CommR digests (Fr little-endian, the sealed CID's 32 bytes) of a `valid` sector; nil
    /// for the other contents, which have no meaningful commitments.
    public struct Commitments: Sendable {
        public var sealed: [UInt8]?
        public var update: [UInt8]?
    }

    public let store: String
    public let content: Content

    public init(store: String, content: Content) {
        self.store = FileSystem.absolute(store)
        self.content = content
    }

    /// One finalized sector; `snapUpgraded` adds the update replica next to the sector key.
    @discardableResult
    public func sector(_ id: SectorID, size: SectorSize, snapUpgraded: Bool = false) throws(Errno) -> Commitments {
        guard case .valid(let seed, let sparse) = content else {
            try replica(.sealed, id: id, size: size)
            if snapUpgraded { try replica(.update, id: id, size: size) }
            return Commitments()
        }
        let sealed = try validReplica(.sealed, id: id, size: size, seed: seed, sparse: sparse, keyAux: nil)
        var commitments = Commitments(sealed: sealed.pAux.commR.littleEndianBytes)
        if snapUpgraded {
            let update = try validReplica(.update, id: id, size: size, seed: seed, sparse: sparse, keyAux: sealed)
            commitments.update = update.pAux.commR.littleEndianBytes
        }
        return commitments
    }

    /// Writes a consistent replica and cache; an update replica (`keyAux` = its sector key's aux
    /// files) keeps the sector key's comm_c and a copy of its t_aux, as proofs' snap encoding does.
    private func validReplica(_ kind: ReplicaKind, id: SectorID, size: SectorSize, seed: UInt64, sparse: Bool,
                              keyAux: (pAux: PersistentAux, tAux: [UInt8])?) throws(Errno) -> (pAux: PersistentAux, tAux: [UInt8]) {
        let layout = TreeRLastLayout(sectorBytes: size.bytes)!
        let cache = "\(store)/\(kind.cacheDirectory)/\(id.fileName)"
        try FileSystem.makeDirectories("\(store)/\(kind.dataDirectory)")
        try FileSystem.makeDirectories(cache)
        let salt = seed ^ (id.number &* 1_000_003 &+ id.miner.id &+ (kind == .update ? 77 : 0)) &* 0x9E37_79B9_7F4A_7C15
        let trees = try validData("\(store)/\(kind.dataDirectory)/\(id.fileName)", layout: layout, seed: salt, sparse: sparse)
        for (name, tree) in zip(layout.fileNames, trees) { try writeWhole(cache + "/" + name, tree.bytes) }
        let commC = keyAux?.pAux.commC ?? SyntheticReplica.element(seed: salt &+ 1)
        let pAux = PersistentAux(commC: commC, commRLast: TreeHashing.commRLast(roots: trees.map(\.root))!)
        let tAux = keyAux?.tAux ?? TemporaryAux.sealed(layout: layout, cacheDirectory: cache).bytes
        try writeWhole(cache + "/p_aux", pAux.bytes)
        try writeWhole(cache + "/t_aux", tAux)
        return (pAux, tAux)
    }

    /// The replica file (random canonical leaves, or a hole) and the tree files over it.
    private func validData(_ path: String, layout: TreeRLastLayout, seed: UInt64, sparse: Bool) throws(Errno) -> [TreeRLastFile] {
        let fd = try FileSystem.open(path, .createExclusive, permissions: 0o644)
        defer { FileSystem.close(fd) }
        if sparse {
            try FileSystem.truncate(fd: fd, length: layout.sectorBytes)
            return SyntheticSector.sparse(layout: layout)
        }
        return try SyntheticSector.build(layout: layout, seed: seed) { (offset, bytes) throws(Errno) in
            try StoreGenerator.writeAll(fd: fd, bytes, at: offset)
        }
    }

    private func writeWhole(_ path: String, _ bytes: [UInt8]) throws(Errno) {
        let fd = try FileSystem.open(path, .createExclusive, permissions: 0o644)
        defer { FileSystem.close(fd) }
        try bytes.withUnsafeBytes { raw in Result { () throws(Errno) in try StoreGenerator.writeAll(fd: fd, raw, at: 0) } }.get()
    }

    static func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(Errno) {
        var done = 0
        while done < bytes.count {
            done += try FileSystem.write(fd: fd, from: UnsafeRawBufferPointer(rebasing: bytes[done...]), offset: offset + Int64(done))
        }
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
        case .sparse, .valid:
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
