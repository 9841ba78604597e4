import Foundation
import KVStore
import LotusMetadata

/// Repos, fixtures and goleveldb for the export-job tests.
enum ExportSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = packageRoot + "/Tests/Fixtures/damocles"

    /// One fixture's compact JSON, with `replacements` applied.
    static func state(_ name: String, _ replacements: [(String, String)] = []) throws -> String {
        var text = try String(contentsOfFile: fixtures + "/" + name + ".json", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        for (from, to) in replacements {
            guard text.contains(from) else { throw ExportSupportError.missing(from, name) }
            text = text.replacingOccurrences(of: from, with: to)
        }
        return text
    }

    /// The messager uid a fixture holds in `field` (PreCommitCid / CommitCid) or its UpgradeMessageID.
    static func uid(_ name: String, _ field: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name + ".json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        if field == "UpgradeMessageID", let id = object[field] as? String { return id }
        guard let info = object["MessageInfo"] as? [String: Any], let cid = info[field] as? [String: Any], let text = cid["/"] as? String else {
            throw ExportSupportError.missing(field, name)
        }
        return text
    }

    /// A repo of miner f01000 with only `/miner-address`.
    static func makeRepo() throws -> String {
        let repo = NSTemporaryDirectory() + "ferry-job-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: repo + "/datastore", withIntermediateDirectories: true)
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        var batch = KVWriteBatch()
        batch.put(Array("/miner-address".utf8), Address(actorID: 1000).bytes)
        try db.write(batch, sync: true)
        db.close()
        return repo
    }

    static func snapshot(_ repo: String) throws -> [String: [UInt8]] {
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        defer { db.close() }
        var out: [String: [UInt8]] = [:]
        for (k, v) in try db.scan(prefix: []) { out[String(decoding: k, as: UTF8.self)] = v }
        return out
    }
}

enum ExportSupportError: Error { case missing(String, String) }

/// tools/goleveldb-interop, built once: the library lotus links reads the datastore ferry wrote.
/// Tests that use it are enabled only where `go` is installed; a failing build is their error.
enum GoLevelDB {
    static let tool: Result<String, GoBuildError> = {
        guard let go = Host.which("go") else { return .failure(GoBuildError(output: "`go` not found")) }
        let out = NSTemporaryDirectory() + "goleveldb-interop-" + UUID().uuidString
        let env = ["GO111MODULE": "off", "GOPATH": "/usr/share/gocode",
                   "GOCACHE": ProcessInfo.processInfo.environment["GOCACHE"] ?? NSTemporaryDirectory() + "ferry-gocache"]
        guard let result = try? CLI.run(["build", "-o", out, ExportSupport.packageRoot + "/tools/goleveldb-interop/main.go"],
                                        environment: env, executable: go) else { return .failure(GoBuildError(output: "cannot run go")) }
        return result.status == 0 ? .success(out) : .failure(GoBuildError(output: result.stdout + result.stderr))
    }()

    struct GoBuildError: Error, CustomStringConvertible {
        let output: String
        var description: String { "building tools/goleveldb-interop failed: \(output)" }
    }

    /// Every key and value as goleveldb reads them.
    static func dump(_ tool: String, _ metadata: String) -> [String: [UInt8]]? {
        guard let result = try? CLI.run(["dump", metadata], executable: tool), result.status == 0 else { return nil }
        var out: [String: [UInt8]] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false).map { bytes(String($0)) }
            if parts.count == 2 { out[String(decoding: parts[0], as: UTF8.self)] = parts[1] }
        }
        return out
    }

    private static func bytes(_ hex: String) -> [UInt8] {
        let chars = Array(hex.utf8)
        return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}
