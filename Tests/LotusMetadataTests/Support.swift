// Scratch directories, seeded bytes, loop mounts, the process runner, host conditions and tags.
@_exported import FerryTestSupport
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

/// Runs a program to completion through the tests' one runner (stdin from /dev/null unless given).
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], stdin: FileHandle? = nil) throws -> CLI.Result {
    try CLI.run(arguments, executable: executable, stdin: stdin ?? FileHandle.nullDevice)
}

/// Builds tools/goleveldb-interop once per test process (suites that use it are enabled only
/// where `go` is installed); a failing build is an error the test reports.
enum GoInterop {
    static let build: Result<String, GoBuildError> = {
        guard let go = Host.which("go") else { return .failure(GoBuildError(output: "`go` not found")) }
        let out = NSTemporaryDirectory() + "goleveldb-interop-" + UUID().uuidString
        let env = ["GO111MODULE": "off", "GOPATH": "/usr/share/gocode",
                   "GOCACHE": ProcessInfo.processInfo.environment["GOCACHE"] ?? NSTemporaryDirectory() + "ferry-gocache"]
        do {
            let result = try CLI.run(["build", "-o", out, Paths.packageRoot + "/tools/goleveldb-interop/main.go"], environment: env, executable: go)
            guard result.status == 0 else {
                return .failure(GoBuildError(output: "building tools/goleveldb-interop failed (is golang-github-syndtr-goleveldb-dev installed?): \(result.stderr)"))
            }
            return .success(out)
        } catch {
            return .failure(GoBuildError(output: "cannot run go: \(error)"))
        }
    }()

    struct GoBuildError: Error, CustomStringConvertible {
        let output: String
        var description: String { output }
    }

    /// The built tool, or the build's error.
    static func tool() throws -> String { try build.get() }
}

extension String {
    var utf8Hex: String { Array(utf8).hex }
}
