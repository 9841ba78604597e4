public import Foundation

extension CLI {
    /// A ferry run in the background, its output going to files (no pipe to keep drained).
    public final class Background {
        public let process = Process()
        public let stdoutPath: String
        public let stderrPath: String

        public init(_ arguments: [String], directory: String, environment: [String: String] = [:]) throws {
            stdoutPath = directory + "/bg-\(UInt32.random(in: 0...UInt32.max)).out"
            stderrPath = stdoutPath + ".err"
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = arguments
            process.environment = CLI.environment(environment, unset: [])
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            try process.run()
        }

        public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Waits (polling, no deadline: a loaded machine only makes it slower) until `done` holds
        /// or the process ended; returns whether `done` holds.
        @discardableResult
        public func waitFor(_ done: () -> Bool) -> Bool {
            while !done() {
                if !process.isRunning { return done() }
                usleep(20_000)
            }
            return true
        }

        public func finish() -> Result {
            process.waitUntilExit()
            return Result(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal, stdout: stdout, stderr: stderr)
        }
    }
}
