public import Foundation

/// Runs the built `ferry` binary (or any program) as a child process, as a user or a script
/// would. The one process runner of the tests: both output pipes are drained at once, so a
/// child that fills one pipe while the other is read cannot deadlock the test.
public enum CLI {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    public static var binary: String {
        // The ferry built next to this test bundle first, so `swift test --scratch-path X` tests X's binary.
        let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ferry").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        for candidate in [".build/debug/ferry", ".build/x86_64-unknown-linux-gnu/debug/ferry"] {
            let path = packageRoot + "/" + candidate
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot + "/.build/debug/ferry"
    }

    public struct Result {
        public var status: Int32
        public var killed: Bool
        public var stdout: String
        public var stderr: String

        public init(status: Int32, killed: Bool, stdout: String, stderr: String) {
            self.status = status
            self.killed = killed
            self.stdout = stdout
            self.stderr = stderr
        }

        public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs `executable` (ferry by default) to its end. The environment is this process's,
    /// without the `unset` names, with `environment` set over it.
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:], unset: [String] = [], cwd: String? = nil,
                           executable: String? = nil, stdin: FileHandle? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        process.environment = Self.environment(environment, unset: unset)
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        if let stdin { process.standardInput = stdin }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drain at once: a child that fills stderr's pipe while stdout is still
        // being read would otherwise wait forever.
        let errBox = DataBox()
        let group = DispatchGroup()
        let errReader = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errBox.data = errReader.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    static func environment(_ set: [String: String], unset: [String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in unset { env[key] = nil }
        for (key, value) in set { env[key] = value }
        return env
    }

    /// Runs `command` with /bin/sh and returns stdout and stderr as one stream (one pipe, in
    /// the order written); a non-zero exit throws `ShellError` with that output.
    @discardableResult
    public static func sh(_ command: String) throws -> String {
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

    public struct ShellError: Error, CustomStringConvertible {
        public let command: String
        public let output: String
        public var description: String { "\(command): \(output)" }
    }
}

/// Written by one reader thread, read after it is joined.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
