import Foundation
public import TransferHash
import TransferIO

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
        var text: [UInt8] = []
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            guard entry.path.hasPrefix(directory == "/" ? "/" : directory + "/") else {
                throw ManifestError(description: "\(entry.path) is outside the manifest's directory \(directory); put the manifest at or above the destination")
            }
            guard !entry.path.contains("\n") else {
                throw ManifestError(description: "\(entry.path.debugDescription) has a newline in its name, which xxh128sum manifests cannot express")
            }
            let relative = String(entry.path.dropFirst(directory == "/" ? 1 : directory.count + 1))
            // The name's own bytes, as xxh128sum writes them (not its lossless String form).
            text += Array("\(entry.digest.hex)  ".utf8) + PathBytes.encode(relative) + [0x0A]
        }
        let temporary = manifestPath + ".ferry-tmp"
        try Data(text).write(to: URL(fileURLWithPath: temporary))
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
        for (number, line) in Self.lines(data).enumerated() {
            if line.isEmpty || line == "\r" { continue }
            guard let (digest, relative) = parseLine(line) else {
                throw ManifestError(description: "\(file):\(number + 1): malformed line (expected '<32 hex digits>  <path>')")
            }
            let resolved = FileSystem.absolute(relative.hasPrefix("/") ? relative : directory + "/" + relative)
            guard !relative.hasPrefix("/"), resolved.hasPrefix(directory == "/" ? "/" : directory + "/") else {
                throw ManifestError(description: "\(file):\(number + 1): \(relative) points outside the manifest's directory")
            }
            entries.append(Entry(digest: digest, path: resolved))
        }
        return entries
    }

    /// Lines ending in LF or CRLF ("\r\n" is one Character in Swift, so splitting on "\n" alone
    /// would keep a CRLF file in one piece).
    static func lines(_ data: Data) -> [Substring] {
        PathBytes.decode(data).split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    /// One line as `xxh128sum -c` reads it: `<hex>  <path>` or `<hex> *<path>` (binary marker),
    /// a CRLF line end, and GNU's escaped form, where a leading backslash means the name has
    /// `\\`, `\n` and `\r` escapes in it.
    static func parseLine(_ raw: Substring) -> (Digest128, String)? {
        var line = raw
        if line.hasSuffix("\r") { line = line.dropLast() }
        let escaped = line.hasPrefix("\\")
        if escaped { line = line.dropFirst() }
        guard line.count > 34, let digest = Digest128(hex: line.prefix(32)) else { return nil }
        let separator = line.dropFirst(32).prefix(2)
        guard separator == "  " || separator == " *" else { return nil }
        let name = String(line.dropFirst(34))
        guard !name.isEmpty else { return nil }
        return escaped ? unescape(name).map { (digest, $0) } : (digest, name)
    }

    private static func unescape(_ name: String) -> String? {
        var out = ""
        var iterator = name.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                out.append(character)
                continue
            }
            switch iterator.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            default: return nil
            }
        }
        return out
    }
}
