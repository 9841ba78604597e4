import Foundation
import TransferCore
import TransferHash
import TransferIO

/// A temporary directory on a disk-backed file system, removed when the test ends.
final class Scratch {
    let path: String

    init(_ name: String = #function) {
        let base = ProcessInfo.processInfo.environment["FERRY_TEST_TMP"] ?? "/var/tmp"
        let clean = name.filter { $0.isLetter || $0.isNumber }
        path = "\(base)/ferry-test-\(clean)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func sub(_ relative: String) -> String { path + "/" + relative }

    /// Writes `size` pseudo-random bytes (seeded, so failures replay) and returns them.
    @discardableResult
    func file(_ relative: String, size: Int, seed: UInt64 = 1) -> [UInt8] {
        let full = sub(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var state = seed &+ UInt64(size)
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for i in words.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                words[i] = state ^ (state >> 29)
            }
            for i in (words.count * 8)..<size {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                raw[i] = UInt8(truncatingIfNeeded: state >> 40)
            }
        }
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return bytes
    }

    func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: sub(relative)).map { [UInt8]($0) }
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: sub(relative)) }

    /// Every regular file below `relative`, as relative paths, excluding `.ferry/`.
    func files(under relative: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: sub(relative)) else { return [] }
        var out: [String] = []
        while let name = enumerator.nextObject() as? String {
            if name.hasPrefix(".ferry") { enumerator.skipDescendants(); continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: sub(relative) + "/" + name, isDirectory: &isDir), !isDir.boolValue { out.append(name) }
        }
        return out.sorted()
    }
}

enum Run {
    /// Plans and runs a copy or move with a journal, like the CLI does.
    static func transfer(_ sources: [String], to destination: String, mode: TransferMode, io: IOBackendKind,
                         configure: (inout TransferOptions) -> Void = { _ in }) throws -> TransferSession.Outcome {
        var options = TransferOptions(mode: mode)
        options.io = io
        options.chunkSize = 256 << 10
        options.memoryBudget = 4 << 20
        configure(&options)
        let plan = TransferPlanner.plan(sources: sources, destination: destination)
        let session = try TransferSession(plan: plan, options: options, journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        return try session.run(recheck: false) { _ in }
    }
}
