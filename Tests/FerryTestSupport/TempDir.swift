import Foundation
public import TransferHash

/// A fresh directory on a disk-backed file system (`$FERRY_TEST_TMP`, else /var/tmp: tmpfs
/// would hide the page cache and O_DIRECT behaviour the engine depends on), removed when the
/// test ends. Every test target's scratch directory; the TransferCore tests call it `Scratch`.
public final class TempDir {
    public let path: String

    /// The directory the scratch directories are made in.
    public static var base: String { ProcessInfo.processInfo.environment["FERRY_TEST_TMP"] ?? "/var/tmp" }

    /// `name` (the calling function by default) is kept in the path, so a directory left by a
    /// crashed run says which test made it.
    public init(_ name: String = #function) {
        let clean = name.filter { $0.isLetter || $0.isNumber }
        path = "\(Self.base)/ferry-test-\(clean)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func sub(_ relative: String) -> String { path + "/" + relative }

    /// Writes `size` seeded bytes (see `Seeded`) and returns them.
    @discardableResult
    public func file(_ relative: String, size: Int, seed: UInt64 = 1) -> [UInt8] {
        let bytes = Seeded.bytes(size: size, seed: seed)
        let full = sub(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return bytes
    }

    /// Writes `size` seeded bytes and returns their digest.
    @discardableResult
    public func write(_ relative: String, size: Int, seed: UInt64) -> Digest128 {
        XXH128Hasher.hash(file(relative, size: size, seed: seed))
    }

    /// The same bytes `file` and `write` put in a file, without a file.
    public static func bytes(size: Int, seed: UInt64) -> [UInt8] { Seeded.bytes(size: size, seed: seed) }

    public func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: sub(relative)).map { [UInt8]($0) }
    }

    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: sub(relative)) }

    public static func digest(of path: String) -> Digest128? {
        FileManager.default.contents(atPath: path).map { XXH128Hasher.hash([UInt8]($0)) }
    }

    public func digest(_ relative: String) -> Digest128? { Self.digest(of: sub(relative)) }

    /// Regular files below `relative`, as sorted relative paths, excluding `.ferry/`.
    public func files(_ relative: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: sub(relative)) else { return [] }
        var out: [String] = []
        while let name = enumerator.nextObject() as? String {
            if name.hasPrefix(".ferry") { enumerator.skipDescendants(); continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: sub(relative) + "/" + name, isDirectory: &isDir), !isDir.boolValue { out.append(name) }
        }
        return out.sorted()
    }

    public func files(under relative: String) -> [String] { files(relative) }
}

/// The TransferCore tests' name for a scratch directory.
public typealias Scratch = TempDir
