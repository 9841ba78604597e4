import Foundation
import Glibc
import TransferIO

/// Checks made before the first byte moves, in the real run and in the dry run: a mistake
/// found after hours of copying costs hours (and, for permissions, a full duplicate of the data).
public enum Preflight {
    /// A reason not to start, worded for the operator.
    public struct Refusal: Error, CustomStringConvertible, Sendable, Equatable {
        public let message: String
        public var description: String { message }
    }

    /// The destination may be created, but only its last component unless `parents`: a typo'd or
    /// unmounted `/mnt/xfss/a/b/lotus` must not become four directories on the root disk.
    public static func destination(_ path: String, parents: Bool) -> Refusal? {
        let destination = FileSystem.absolute(path)
        // An existing destination (a directory, or a file a single source replaces under the
        // usual rules) creates nothing.
        if FileSystem.exists(destination) { return nil }
        let parent = FileSystem.parentDirectory(of: destination)
        if parents || FileSystem.exists(parent) { return nil }
        let existing = FileSystem.nearestExisting(parent)
        let place = MountInfo.of(existing).map { " on \($0.mountPoint) (\($0.fileSystem))" } ?? ""
        return Refusal(message: "\(parent) does not exist (the nearest existing directory is \(existing)\(place)): is the disk mounted, or is it a typo? Create it, or pass --parents to create every missing directory")
    }

    /// `destination /mnt/x/lotus: on /mnt/x (xfs, /dev/sdb1), 1.20 TiB free`
    public static func describe(destination path: String) -> String {
        let destination = FileSystem.absolute(path)
        let existing = FileSystem.nearestExisting(destination)
        var line = "destination \(destination)"
        if let mount = MountInfo.of(existing) { line += ": on \(mount.mountPoint) (\(mount.fileSystem), \(mount.source))" }
        if let fd = try? FileSystem.open(existing, .directory) {
            defer { FileSystem.close(fd) }
            if let space = try? FileSystem.space(fd: fd) { line += ", \(ByteCount.format(space.available)) free" }
        }
        return line
    }

    /// A loud warning when the destination is on the root file system, the usual sign of a
    /// disk that is not mounted where the path says. Nil when it is not, or when `/` is all
    /// there is to the destination's device anyway (a path that is `/` itself).
    public static func rootWarning(destination path: String) -> String? {
        let destination = FileSystem.absolute(path)
        guard destination != "/", MountInfo.isOnRootFileSystem(destination) else { return nil }
        let mount = MountInfo.of("/").map { " (\($0.fileSystem), \($0.source))" } ?? ""
        return "warning: the destination \(destination) is on the same file system as /\(mount): is the disk mounted? Sealed sectors fill a root disk fast"
    }

    /// The directories a run writes into (or creates entries in) and, for moves, the source
    /// directories it deletes from: each must be writable by this user, or the run would copy
    /// everything and then fail every source removal or rename.
    public static func permissions(writes: [String], deletesFrom sources: [String]) -> Refusal? {
        for directory in Set(writes).sorted() {
            if let problem = writable(FileSystem.nearestExisting(FileSystem.absolute(directory)), why: "write to") { return problem }
        }
        for directory in Set(sources).sorted() {
            if let problem = writable(directory, why: "delete sources from") { return problem }
        }
        return nil
    }

    private static func writable(_ directory: String, why: String) -> Refusal? {
        guard access(directory, W_OK | X_OK) != 0 else { return nil }
        let error = Errno.current
        guard error == .accessDenied || error.rawValue == EPERM || error.rawValue == EROFS else { return nil }
        if error.rawValue == EROFS { return Refusal(message: "cannot \(why) \(directory): the file system is read-only") }
        let owner = (try? FileSystem.status(directory)).map { " (owner uid \(ownerID(directory)), mode \(String($0.permissions, radix: 8)))" } ?? ""
        return Refusal(message: "cannot \(why) \(directory): permission denied\(owner); run ferry as the store's owner (or root), or fix the permissions")
    }

    private static func ownerID(_ path: String) -> UInt32 {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_uid : 0
    }
}
