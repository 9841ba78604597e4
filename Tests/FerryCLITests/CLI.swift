import Foundation
import TransferHash

/// Runs the built `ferry` binary as a child process, as a user or a script would.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var binary: String {
        // The ferry built next to this test bundle first, so `swift test --scratch-path X` tests X's binary.
        let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ferry").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        for candidate in [".build/debug/ferry", ".build/x86_64-unknown-linux-gnu/debug/ferry"] {
            let path = packageRoot + "/" + candidate
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot + "/.build/debug/ferry"
    }

    struct Result {
        var status: Int32
        var killed: Bool
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: String? = nil, executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drain at once: a child that fills stderr's pipe while stdout is still
        // being read would otherwise wait forever.
        let errBox = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A ferry run in the background, its output going to files (no pipe to keep drained).
    final class Background {
        let process = Process()
        let stdoutPath: String
        let stderrPath: String

        init(_ arguments: [String], directory: String, environment: [String: String] = [:]) throws {
            stdoutPath = directory + "/bg-\(UInt32.random(in: 0...UInt32.max)).out"
            stderrPath = stdoutPath + ".err"
            FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = arguments
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            try process.run()
        }

        var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Waits (polling, no deadline: a loaded machine only makes it slower) until `done` holds
        /// or the process ended; returns whether `done` holds.
        @discardableResult
        func waitFor(_ done: () -> Bool) -> Bool {
            while !done() {
                if !process.isRunning { return done() }
                usleep(20_000)
            }
            return true
        }

        func finish() -> Result {
            process.waitUntilExit()
            return Result(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal, stdout: stdout, stderr: stderr)
        }
    }

    static func sh(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw ShellError(command: command, output: text) }
        return text
    }

    struct ShellError: Error, CustomStringConvertible {
        let command: String
        let output: String
        var description: String { "\(command): \(output)" }
    }
}

/// Written by one reader thread, read after it is joined.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

final class TempDir {
    let path: String
    init() {
        path = "/var/tmp/ferry-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, size: Int, seed: UInt64) -> Digest128 {
        var state = seed &* 31 &+ UInt64(size)
        let bytes: [UInt8] = (0..<size).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return XXH128Hasher.hash(bytes)
    }

    static func digest(of path: String) -> Digest128? {
        FileManager.default.contents(atPath: path).map { XXH128Hasher.hash([UInt8]($0)) }
    }

    func digest(_ relative: String) -> Digest128? {
        FileManager.default.contents(atPath: path + "/" + relative).map { XXH128Hasher.hash([UInt8]($0)) }
    }

    /// Regular files below `relative`, excluding `.ferry/`.
    func files(_ relative: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path + "/" + relative) else { return [] }
        var out: [String] = []
        while let name = e.nextObject() as? String {
            if name.hasPrefix(".ferry") { e.skipDescendants(); continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + relative + "/" + name, isDirectory: &isDir), !isDir.boolValue { out.append(name) }
        }
        return out.sorted()
    }
}
