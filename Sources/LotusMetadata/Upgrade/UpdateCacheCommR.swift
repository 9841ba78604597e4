import Glibc

/// A snapped sector's new CommR, recovered from `update-cache/s-t0<miner>-<n>/p_aux` in one of the
/// stores (`--store`): p_aux is comm_c ‖ comm_r_last_new, 32 bytes each (Fr, little-endian), and
/// the new CommR is H2(comm_c, comm_r_last_new) — Poseidon, width 3 (sector-proofs.md §3.1, §8).
///
/// damocles keeps no new CommR for sectors it imported from lotus and that were snapped before
/// (`UpgradedInfo` is the zero struct), and lotus' API does not expose it either; the update
/// cache on disk is the one place it still is. The hash comes from the caller (SectorProofs, the
/// module `ferry check` uses) so both compute it with the same code.
public struct UpdateCacheCommR: Sendable {
    /// H2 over two 32-byte little-endian field elements; nil when either is not canonical (≥ p).
    public typealias Hash = @Sendable (_ commC: [UInt8], _ commRLast: [UInt8]) -> [UInt8]?

    public let stores: [String]
    private let hash: Hash

    public init(stores: [String], hash: @escaping Hash) {
        self.stores = stores
        self.hash = hash
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missing(name: String, stores: [String])
        case unreadable(path: String, reason: String)
        case wrongSize(path: String, size: Int)
        case notCanonical(path: String)

        public var description: String {
            switch self {
            case let .missing(name, stores):
                "update-cache/\(name)/p_aux is in none of --store \(stores.joined(separator: ", "))"
            case let .unreadable(path, reason): "\(path): \(reason)"
            case let .wrongSize(path, size): "\(path) has \(size) bytes; a p_aux is 64 (comm_c ‖ comm_r_last)"
            case let .notCanonical(path): "\(path) holds a value that is no BLS12-381 field element (≥ the modulus): not a p_aux"
            }
        }
    }

    /// The new CommR as a sealed commitment CID, from the first store holding the sector's p_aux.
    public func commR(for id: DamoclesSectorID) throws(Failure) -> CID {
        let name = id.display
        for store in stores {
            guard let bytes = try PAuxFile.read(store: store, sector: name) else { continue }
            let path = store + "/update-cache/" + name + "/p_aux"
            guard let digest = hash(Array(bytes[0..<32]), Array(bytes[32..<64])), digest.count == 32 else {
                throw .notCanonical(path: path)
            }
            return CID(codec: CID.Codec.filCommitmentSealed, hashCode: CID.Hash.poseidonBLS12381A2FC1, digest: digest)
        }
        throw .missing(name: name, stores: stores)
    }
}

/// Reads `<store>/update-cache/<sector>/p_aux` from a descriptor per component, following no link
/// below the store (as ferry does everywhere below a root the user names).
enum PAuxFile {
    static let size = 64

    /// The 64 bytes, or nil when the sector has no p_aux in this store.
    static func read(store: String, sector: String) throws(UpdateCacheCommR.Failure) -> [UInt8]? {
        // A --store that is not there is the user's mistake, not "this sector is elsewhere".
        let root = open(store, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .unreadable(path: store, reason: String(cString: strerror(errno))) }
        defer { close(root) }
        guard let caches = try openBelow(root, "update-cache", directory: true, path: store + "/update-cache") else { return nil }
        defer { close(caches) }
        let dirPath = store + "/update-cache/" + sector
        guard let dir = try openBelow(caches, sector, directory: true, path: dirPath) else { return nil }
        defer { close(dir) }
        let path = dirPath + "/p_aux"
        guard let fd = try openBelow(dir, "p_aux", directory: false, path: path) else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path: path, reason: "not a regular file") }
        guard st.st_size == size else { throw .wrongSize(path: path, size: Int(st.st_size)) }
        var bytes = [UInt8](repeating: 0, count: size)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, size, 0) }
        guard n == size else { throw .unreadable(path: path, reason: n < 0 ? String(cString: strerror(errno)) : "short read") }
        return bytes
    }

    /// Opens `name` in `parent` without following a link; nil when it does not exist.
    private static func openBelow(_ parent: Int32, _ name: String, directory: Bool, path: String) throws(UpdateCacheCommR.Failure) -> Int32? {
        let flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (directory ? O_DIRECTORY : 0)
        let fd = openat(parent, name, flags)
        if fd >= 0 { return fd }
        let err = errno
        if err == ENOENT { return nil }
        // O_DIRECTORY | O_NOFOLLOW on a link fails with ENOTDIR, not ELOOP: ask what it is.
        var st = stat()
        if fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFLNK {
            throw .unreadable(path: path, reason: "a symbolic link below the store (not followed)")
        }
        throw .unreadable(path: path, reason: String(cString: strerror(err)))
    }
}
