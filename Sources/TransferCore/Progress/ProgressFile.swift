public import Foundation
import TransferIO

/// A running ferry's state, published beside its journal every few seconds. LevelDB lets one
/// process at a time open the journal, and only a user who can write its LOCK file, so this
/// small file is what `status` and `report` read while a run holds the journal, or for a user
/// who may read the destination but not write it. Replaced atomically (rename), mode 0644.
public struct ProgressFile: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case running, finished, failed, interrupted
    }

    /// What the run is doing: moving data, or (moves) deleting sources whose data all arrived.
    public enum Phase: String, Codable, Sendable {
        case transfer
        case sourceRemoval = "source-removal"
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var done = 0
        public var inFlight = 0
        public var remaining = 0
        public var failed = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case done, remaining, failed
            case inFlight = "in_flight"
        }
    }

    public var pid: Int32
    public var host: String
    public var command: [String]
    public var started: Date
    public var updated: Date
    public var state: State
    public var phase: Phase
    public var operation: String
    /// The run's sources (absolute), so a second identical run can be told apart from another.
    public var sources: [String]?
    public var destination: String
    /// "sectors" for exports, "files" for copy and move.
    public var unit: String
    public var counts = Counts()
    /// For exports: sector numbers per group, so `status` can say which.
    public var sectors: [String: [UInt64]]?
    /// Failed sources (or sectors) with their reasons, at most `failureLimit` of them.
    public var failures: [String: String] = [:]
    public var totalBytes: Int64 = 0
    public var doneBytes: Int64 = 0
    public var bytesCopied: Int64 = 0
    public var bytesVerified: Int64 = 0
    public var rate: Double = 0
    public var etaSeconds: Double?

    public static let failureLimit = 100

    public init(command: [String], operation: String, destination: String, unit: String, started: Date = Date()) {
        pid = getpid()
        host = ProcessInfo.processInfo.hostName
        self.command = command
        self.started = started
        updated = started
        state = .running
        phase = .transfer
        self.operation = operation
        self.destination = destination
        self.unit = unit
    }

    enum CodingKeys: String, CodingKey {
        case pid, host, command, started, updated, state, phase, operation, sources, destination, unit, counts, sectors, failures, rate
        case totalBytes = "total_bytes", doneBytes = "done_bytes", bytesCopied = "bytes_copied", bytesVerified = "bytes_verified"
        case etaSeconds = "eta_seconds"
    }

    /// `<journal>.progress`: beside the journal, so each shard's run has its own.
    public static func path(journal: String) -> String { journal + ".progress" }

    /// True when this says "running" but was written by a process on this host that is gone
    /// (killed): `status` must not present a dead run as live.
    public var isStale: Bool {
        guard state == .running, host == ProcessInfo.processInfo.hostName else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let temporary = FileSystem.parentDirectory(of: path) + "/.progress-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o644]) else {
            throw JournalError("cannot write \(temporary)")
        }
        // Explicitly world-readable whatever the umask: a non-root operator watches a root run.
        chmod(temporary, 0o644)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw JournalError("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }

    public static func read(_ path: String) -> ProgressFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(ProgressFile.self, from: data)
    }
}
