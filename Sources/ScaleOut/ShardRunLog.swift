import Foundation
public import TransferCore

/// One line per run of a shard, next to its journal (`<journal>.runs`, NDJSON): which host ran
/// it, when, and how many bytes it copied in how long. The journal knows what is done; this log
/// is how `report` knows throughput and where a shard last ran. A run killed mid-way leaves a
/// `start` line with no `end`.
public enum ShardRunLog {
    public struct Entry: Codable, Sendable {
        public var event: String
        public var host: String
        public var pid: Int32
        public var time: Double
        public var shard: String?
        public var seconds: Double?
        public var bytesCopied: Int64?
        /// Bytes this run renamed (same file system): done, but no measure of throughput.
        public var bytesRenamed: Int64?
        public var filesOK: Int?
        public var failed: Int?

        enum CodingKeys: String, CodingKey {
            case event, host, pid, time, shard, seconds
            case bytesCopied = "bytes_copied", bytesRenamed = "bytes_renamed", filesOK = "files_ok", failed
        }
    }

    public static func path(journal: String) -> String { journal + ".runs" }

    public static func started(journal: String, shard: ShardSpec?) {
        append(Entry(event: "start", host: hostName, pid: getpid(), time: Date().timeIntervalSince1970, shard: shard?.description), journal: journal)
    }

    public static func ended(journal: String, shard: ShardSpec?, seconds: Double, bytesCopied: Int64, bytesRenamed: Int64 = 0, filesOK: Int, failed: Int) {
        append(Entry(event: "end", host: hostName, pid: getpid(), time: Date().timeIntervalSince1970, shard: shard?.description,
                     seconds: seconds, bytesCopied: bytesCopied, bytesRenamed: bytesRenamed, filesOK: filesOK, failed: failed), journal: journal)
    }

    public static func read(journal: String) -> [Entry] {
        guard let text = try? String(contentsOfFile: path(journal: journal), encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(Entry.self, from: Data($0.utf8)) }
    }

    private static func append(_ entry: Entry, journal: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard var data = try? encoder.encode(entry) else { return }
        data.append(0x0A)
        // O_APPEND: one short write per line, so a kill never leaves half a line after a whole one.
        let fd = open(path(journal: journal), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension ShardRunLog {
    public static func ended(journal: String, shard: ShardSpec?, outcome: TransferSession.Outcome) {
        let fresh = outcome.results.filter { $0.succeeded && !$0.resumed }
        let bytes = { (method: TransferMethod) in fresh.filter { $0.method == method }.reduce(Int64(0)) { $0 + $1.item.size } }
        ended(journal: journal, shard: shard, seconds: outcome.seconds, bytesCopied: bytes(.copy), bytesRenamed: bytes(.rename),
              filesOK: outcome.results.filter(\.succeeded).count, failed: outcome.failed)
    }
}
