import Foundation
import KVStore
import RPCTestServers
import Testing

/// `ferry export metadata --damocles-api`: the states come from the fake damocles-manager, and the
/// datastore must end up exactly as `--from-json` with the same states leaves it.
@Suite(.serialized, .tags(.binary)) struct ExportMetadataAPITests {
    static let fixtureDir = CLI.packageRoot + "/Tests/Fixtures/damocles"
    /// Every fixture ferry can map (lotus-imported-upgraded-9 is a per-sector failure; tested apart).
    static let exportable = ["cc-1000", "builtin-deal-1001", "ddo-1002", "legacy-900", "snapped-1003"]
    static let token = "proxy-secret"

    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: fixtureDir + "/" + name + ".json", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A sector of another miner, numbered so that writing it would show as its own key.
    static func otherMinersSector() throws -> String {
        try fixture("cc-1000").replacingOccurrences(of: #""ID":{"Miner":1000,"Number":1000}"#, with: #""ID":{"Miner":1001,"Number":4242}"#)
    }

    /// A lotus-miner repo holding only `/miner-address` (f01000: protocol 0, uvarint 1000).
    static func makeRepo(_ dir: TempDir, _ name: String) throws -> String {
        let repo = dir.path + "/" + name
        try FileManager.default.createDirectory(atPath: repo + "/datastore", withIntermediateDirectories: true)
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        var batch = KVWriteBatch()
        batch.put(Array("/miner-address".utf8), [0x00, 0xE8, 0x07])
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

    static func export(_ repo: String, _ source: [String], _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--no-backup"] + source + extra)
    }

    @Test func writesExactlyWhatFromJSONWrites() throws {
        let dir = TempDir()
        let jsonDir = dir.path + "/json"
        try FileManager.default.createDirectory(atPath: jsonDir, withIntermediateDirectories: true)
        for name in Self.exportable {
            try FileManager.default.copyItem(atPath: Self.fixtureDir + "/" + name + ".json", toPath: jsonDir + "/" + name + ".json")
        }
        let damocles = try FakeDamoclesManager(offline: try Self.exportable.map(Self.fixture) + [try Self.otherMinersSector()],
                                               requiredToken: Self.token)
        defer { damocles.stop() }
        let fromFiles = try Self.makeRepo(dir, "files")
        let fromAPI = try Self.makeRepo(dir, "api")

        let files = try Self.export(fromFiles, ["--from-json", jsonDir])
        #expect(files.status == 0, "\(files.stderr)")
        let api = try Self.export(fromAPI, ["--damocles-api", damocles.multiaddr, "--damocles-token", Self.token])
        #expect(api.status == 0, "\(api.stderr)")
        #expect(api.stdout.replacingOccurrences(of: fromAPI, with: "REPO") == files.stdout.replacingOccurrences(of: fromFiles, with: "REPO"))

        let expected = try Self.snapshot(fromFiles)
        let got = try Self.snapshot(fromAPI)
        #expect(expected.keys.filter { $0.hasPrefix("/sectors/") }.count >= 4, "the comparison must cover written sectors")
        #expect(got.keys.sorted() == expected.keys.sorted())
        for (key, value) in expected { #expect(got[key] == value, "\(key) differs") }
        #expect(got["/sectors/4242"] == nil, "miner f01001's sector must not be written")

        #expect(damocles.calls.map(\.method) == ["Venus.ListSectors"])
        #expect(damocles.calls.first?.params.map { String(decoding: $0, as: UTF8.self) } == [#""offline""#, "0"])
        #expect(damocles.calls.first?.authorization == "Bearer \(Self.token)")
    }

    @Test func perSectorFailureIsReportedAsForFiles() throws {
        let dir = TempDir()
        let damocles = try FakeDamoclesManager(offline: [try Self.fixture("cc-1000"), try Self.fixture("lotus-imported-upgraded-9")])
        defer { damocles.stop() }
        let fromFiles = try Self.makeRepo(dir, "files")
        let fromAPI = try Self.makeRepo(dir, "api")
        let jsonDir = dir.path + "/json"
        try FileManager.default.createDirectory(atPath: jsonDir, withIntermediateDirectories: true)
        for name in ["cc-1000", "lotus-imported-upgraded-9"] {
            try FileManager.default.copyItem(atPath: Self.fixtureDir + "/" + name + ".json", toPath: jsonDir + "/" + name + ".json")
        }

        let files = try Self.export(fromFiles, ["--from-json", jsonDir])
        let api = try Self.export(fromAPI, ["--damocles-api", damocles.url])
        #expect(files.status == 1 && api.status == 1, "\(api.stderr)")
        #expect(api.stdout.contains("export failure counts: 1"))
        #expect(api.stdout.replacingOccurrences(of: fromAPI, with: "REPO") == files.stdout.replacingOccurrences(of: fromFiles, with: "REPO"))
        // The sector that converts is written, the failed one is not, the same way from both sources.
        let written = try Self.snapshot(fromAPI)
        #expect(written == (try Self.snapshot(fromFiles)))
        #expect(written["/sectors/1000"] != nil && written["/sectors/9"] == nil)
    }

    @Test func badTokenFailsClearlyAndWritesNothing() throws {
        let dir = TempDir()
        let damocles = try FakeDamoclesManager(offline: [try Self.fixture("cc-1000")], requiredToken: Self.token)
        defer { damocles.stop() }
        let repo = try Self.makeRepo(dir, "repo")
        let before = try Self.snapshot(repo)

        let run = try Self.export(repo, ["--damocles-api", damocles.multiaddr, "--damocles-token", "wrong"])
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot list sectors from damocles-manager: \(damocles.url) rejected the API token (HTTP 401): check --damocles-token\n")
        #expect(run.stdout.isEmpty)
        #expect(try Self.snapshot(repo) == before)
    }

    @Test func replyCutShortFailsClearlyAndWritesNothing() throws {
        let dir = TempDir()
        let damocles = try FakeDamoclesManager(offline: try Self.exportable.map(Self.fixture),
                                               faults: [Fault(method: "Venus.ListSectors", .closeMidReply)])
        defer { damocles.stop() }
        let repo = try Self.makeRepo(dir, "repo")
        let before = try Self.snapshot(repo)

        let run = try Self.export(repo, ["--damocles-api", damocles.url])
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot list sectors from damocles-manager: \(damocles.url) closed the connection before the reply was complete\n")
        #expect(try Self.snapshot(repo) == before)
    }

    @Test func sourceFlagsAreExclusiveUsageErrors() throws {
        let dir = TempDir()
        let repo = try Self.makeRepo(dir, "repo")
        let api = "/ip4/127.0.0.1/tcp/1789"
        for (source, message) in [
            ([String](), "no source of sector states"),
            (["--from-json", Self.fixtureDir, "--damocles-api", api], "give one source of sector states"),
            (["--damocles-token", Self.token, "--from-json", Self.fixtureDir], "--damocles-token needs --damocles-api"),
            (["--damocles-api", "/ip4/127.0.0.1/udp/1789"], "--damocles-api: "),
            (["--only-next-number", "--next-number", "5", "--damocles-api", api], "--only-next-number writes no sector"),
        ] {
            let run = try Self.export(repo, source)
            #expect(run.status == 2, "\(source): \(run.stderr)")
            #expect(run.stderr.hasPrefix("error: " + message), "\(source): \(run.stderr)")
        }
    }
}
