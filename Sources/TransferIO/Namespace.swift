/// The namespace steps of one file's commit protocol (ARCHITECTURE.md): the operations that
/// put a verified copy under its final name, make that durable, and take the source away. They
/// are not ring I/O, so `SimulatedQueue` never sees them; naming each step lets a fault plan hit
/// exactly one of them.
public enum NamespaceStep: String, Sendable, CaseIterable, Hashable {
    /// A move on one file system: renameat2 of the source to its destination is the whole move.
    case moveRename = "move-rename"
    /// renameat2 of the verified staging file to its final name.
    case renameIntoPlace = "rename-into-place"
    /// fsync of the destination's directory, after the rename into place (or before an existing
    /// identical destination is adopted).
    case destinationSync = "destination-sync"
    /// unlinkat of a committed move's source.
    case sourceUnlink = "source-unlink"
    /// fsync of the source's directory after that unlink.
    case sourceSync = "source-sync"
}

/// Renames, unlinks and directory fsyncs of the commit protocol, all through directories reached
/// with no link. The engine does every namespace step of a file through one of these: the real
/// one (`DirectNamespace`) in production, `SimulatedNamespace` under a test's fault plan.
public protocol Namespace: Sendable {
    func rename(_ step: NamespaceStep, _ name: String, in directory: DirectoryHandle, to target: DirectoryHandle,
                as newName: String, replacing: Bool) throws(Errno)
    func unlink(_ step: NamespaceStep, _ name: String, in directory: DirectoryHandle) throws(Errno)
    func sync(_ step: NamespaceStep, _ directory: DirectoryHandle) throws(Errno)
}

/// The system calls themselves, through `DirectoryHandle`.
public struct DirectNamespace: Namespace {
    public init() {}

    public func rename(_ step: NamespaceStep, _ name: String, in directory: DirectoryHandle, to target: DirectoryHandle,
                       as newName: String, replacing: Bool) throws(Errno) {
        try directory.rename(name, to: target, as: newName, replacing: replacing)
    }

    public func unlink(_ step: NamespaceStep, _ name: String, in directory: DirectoryHandle) throws(Errno) {
        try directory.unlink(name)
    }

    public func sync(_ step: NamespaceStep, _ directory: DirectoryHandle) throws(Errno) {
        try directory.sync()
    }
}
