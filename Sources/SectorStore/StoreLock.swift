public import TransferIO

/// Why a store could not be locked for an export.
public struct StoreLockError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Holds an flock on each source store's directory for the length of an export, so two exports
/// can never move the same sectors to two lotus paths (each would verify its copy, and lotus
/// would then find every sector twice). A move takes it exclusively; `--reserve` copies and the
/// shards of one sharded export (disjoint by their frozen partition) share it. Nothing is written
/// into the store; the kernel drops the lock when the process dies.
public final class StoreLock: Sendable {
    private let handles: [DirectoryHandle]

    private init(handles: [DirectoryHandle]) { self.handles = handles }

    public static func acquire(stores: [String], exclusive: Bool) throws(StoreLockError) -> StoreLock {
        var handles: [DirectoryHandle] = []
        var locked = Set<[UInt64]>()
        for store in stores {
            do throws(Errno) {
                let handle = try DirectoryHandle.open(store)
                // Two spellings of one store (or a bind mount) are one lock: flock is per open
                // file, so locking it twice from here would refuse ourselves.
                let status = try FileSystem.status(fd: handle.fd)
                guard locked.insert([status.device, status.inode]).inserted else { continue }
                try handle.lock(exclusive: exclusive)
                handles.append(handle)
            } catch where error == .wouldBlock {
                throw StoreLockError(description: exclusive
                    ? "the store \(store) is in use by another ferry export (moving or copying from it); two exports moving one store's sectors would each leave a complete copy. Wait for it to finish"
                    : "another ferry export is moving sectors out of the store \(store); wait for it to finish before copying from it")
            } catch {
                throw StoreLockError(description: "cannot lock the store \(store): \(error)")
            }
        }
        return StoreLock(handles: handles)
    }
}
