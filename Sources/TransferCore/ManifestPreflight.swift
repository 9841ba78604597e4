import Glibc
import TransferIO

extension Manifest {
    /// What would make writing a manifest fail at the end of a run, checked before its first
    /// byte moves (afterwards the data is in place but the run would count as failed):
    /// the manifest's directory must be (or hold) every destination (its lines are relative to
    /// that directory), the name must not be a directory, and the directory must be writable (the
    /// manifest is written to a temporary name there and renamed).
    public static func preflight(_ file: String, destinations: [String]) throws(ManifestError) {
        let manifestPath = FileSystem.absolute(file)
        let directory = FileSystem.parentDirectory(of: manifestPath)
        let prefix = directory == "/" ? "/" : directory + "/"
        let inside = { (path: String) in path == directory || path.hasPrefix(prefix) }
        if let outside = destinations.first(where: { !inside(FileSystem.absolute($0)) }) {
            throw ManifestError(description: "--manifest \(file) must be in a directory that holds every destination (\(outside) is outside it), so its paths stay relative")
        }
        if (try? FileSystem.status(manifestPath))?.kind == .directory {
            throw ManifestError(description: "--manifest \(file) is a directory; give a file name")
        }
        // A directory the run will create (the destination itself) is as writable as the
        // nearest one that exists.
        let existing = FileSystem.nearestExisting(directory)
        if let kind = (try? FileSystem.status(existing))?.kind, kind != .directory, kind != .symlink {
            throw ManifestError(description: "--manifest \(file): \(existing) is not a directory")
        }
        let writable = PathBytes.withCString(existing) { access($0, W_OK | X_OK) } == 0
        if !writable {
            throw ManifestError(description: "--manifest \(file): cannot write in \(existing): \(Errno.current)")
        }
    }
}
