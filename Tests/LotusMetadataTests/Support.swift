import Foundation
import KVStore
import LotusMetadata

enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = packageRoot + "/Tests/Fixtures/damocles"
    static func fixture(_ name: String) -> String { fixtures + "/" + name + ".json" }
}

/// A scratch lotus-miner repo with an initialised metadata datastore.
final class TempRepo {
    let root: String
    var path: String { root + "/repo" }
    var metadata: String { path + "/datastore/metadata" }
    var repo: LotusRepo { LotusRepo(path: path) }

    init(entries: [String: [UInt8]] = ["/miner-address": Address(actorID: 1000).bytes]) throws {
        root = NSTemporaryDirectory() + "ferry-meta-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/datastore", withIntermediateDirectories: true)
        let db = try KVDatabase(path: metadata)
        var batch = KVWriteBatch()
        for (k, v) in entries { batch.put(Array(k.utf8), v) }
        try db.write(batch, sync: true)
        db.close()
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Every key and value, for "unchanged" checks.
    func snapshot() throws -> [String: [UInt8]] {
        let db = try KVDatabase(path: metadata)
        defer { db.close() }
        var out: [String: [UInt8]] = [:]
        for (k, v) in try db.scan(prefix: []) { out[String(decoding: k, as: UTF8.self)] = v }
        return out
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion. Output goes through files so large outputs cannot deadlock.
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], stdin: FileHandle? = nil, environment: [String: String]? = nil) throws -> ProcessResult {
    let dir = NSTemporaryDirectory() + "ferry-proc-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    FileManager.default.createFile(atPath: dir + "/out", contents: nil)
    FileManager.default.createFile(atPath: dir + "/err", contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/out"))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/err"))
    process.standardInput = stdin ?? FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: FileManager.default.contents(atPath: dir + "/out") ?? Data(), as: UTF8.self),
        stderr: String(decoding: FileManager.default.contents(atPath: dir + "/err") ?? Data(), as: UTF8.self))
}

func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

/// Builds tools/goleveldb-interop once per test process. `path` is nil with a printed reason
/// only when the Go toolchain is missing; a failing build is an `error` the test reports.
enum GoInterop {
    static let build: (path: String?, error: String?) = {
        guard let go = which("go") else {
            print("skipping goleveldb interop: `go` not found (apt install golang-go golang-github-syndtr-goleveldb-dev)")
            return (nil, nil)
        }
        let out = NSTemporaryDirectory() + "goleveldb-interop-" + UUID().uuidString
        var env = ProcessInfo.processInfo.environment
        env["GO111MODULE"] = "off"
        env["GOPATH"] = "/usr/share/gocode"
        env["GOCACHE"] = env["GOCACHE"] ?? NSTemporaryDirectory() + "ferry-gocache"
        do {
            let result = try runProcess(go, ["build", "-o", out, Paths.packageRoot + "/tools/goleveldb-interop/main.go"], environment: env)
            guard result.status == 0 else {
                return (nil, "building tools/goleveldb-interop failed (is golang-github-syndtr-goleveldb-dev installed?): \(result.stderr)")
            }
            return (out, nil)
        } catch {
            return (nil, "cannot run go: \(error)")
        }
    }()
}

extension String {
    var utf8Hex: String { Array(utf8).hex }
}
