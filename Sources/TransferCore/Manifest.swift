import Foundation
public import TransferHash
public import TransferIO

/// GNU `xxh128sum` lines: `<32 hex digits>  <path relative to the manifest's directory>`.
public enum Manifest {
    public struct Entry: Sendable, Equatable {
        public var digest: Digest128
        /// Absolute path of the file.
        public var path: String
    }

    public struct ManifestError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes atomically (temporary name, fsync, rename) so a crash never leaves half a manifest.
    public static func write(_ entries: [(digest: Digest128, path: String)], to file: String) throws {
        let manifestPath = FileSystem.absolute(file)
        let directory = FileSystem.parentDirectory(of: manifestPath)
        var text = ""
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            guard entry.path.hasPrefix(directory == "/" ? "/" : directory + "/") else {
                throw ManifestError(description: "\(entry.path) is outside the manifest's directory \(directory); put the manifest at or above the destination")
            }
            guard !entry.path.contains("\n") else {
                throw ManifestError(description: "\(entry.path.debugDescription) has a newline in its name, which xxh128sum manifests cannot express")
            }
            let relative = String(entry.path.dropFirst(directory == "/" ? 1 : directory.count + 1))
            text += "\(entry.digest.hex)  \(relative)\n"
        }
        let temporary = manifestPath + ".ferry-tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        let fd = try FileSystem.open(temporary, .readOnly)
        defer { FileSystem.close(fd) }
        try FileSystem.sync(fd: fd)
        try FileSystem.renameReplacing(temporary, manifestPath)
        try FileSystem.syncDirectory(directory)
    }

    /// Parses a manifest; every line must be well formed and stay inside the manifest's directory.
    public static func read(_ file: String) throws -> [Entry] {
        let manifestPath = FileSystem.absolute(file)
        let directory = FileSystem.parentDirectory(of: manifestPath)
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw ManifestError(description: "cannot read the manifest \(file)")
        }
        var entries: [Entry] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[1].isEmpty, let digest = Digest128(hex: parts[0]), !parts[2].isEmpty else {
                throw ManifestError(description: "\(file):\(number + 1): malformed line (expected '<32 hex digits>  <path>')")
            }
            let relative = String(parts[2])
            let resolved = FileSystem.absolute(relative.hasPrefix("/") ? relative : directory + "/" + relative)
            guard !relative.hasPrefix("/"), resolved.hasPrefix(directory == "/" ? "/" : directory + "/") else {
                throw ManifestError(description: "\(file):\(number + 1): \(relative) points outside the manifest's directory")
            }
            entries.append(Entry(digest: digest, path: resolved))
        }
        return entries
    }
}
