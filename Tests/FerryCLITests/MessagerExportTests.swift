import Foundation
import RPCTestServers
import Testing

/// Issue 15 through the binary: `export metadata --messager-api/--messager-token` resolves damocles'
/// messager ids, a snapped sector keeps a non-nil ReplicaUpdateMessage, and a messager that cannot be
/// used is one message, exit 1 and an unchanged datastore.
@Suite(.serialized, .tags(.binary)) struct MessagerExportTests {
    static let fixtureDir = CLI.packageRoot + "/Tests/Fixtures/damocles"
    static let token = "messager-admin"
    static let landed = "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"
    static let upgradeLanded = "bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia"
    static let placeholder = "QmSGwDTT9CSKi1yXveLvqZAgyCCx9maA7qVwjy6WsYxQdN"

    static func fixtureObject(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixtureDir + "/" + name + ".json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func uid(_ name: String, _ field: String) throws -> String {
        let object = try fixtureObject(name)
        if let id = object[field] as? String { return id }
        let info = object["MessageInfo"] as? [String: Any]
        return try #require((info?[field] as? [String: Any])?["/"] as? String)
    }

    static func damocles() throws -> FakeDamoclesManager {
        try FakeDamoclesManager(offline: try ["cc-1000", "snapped-1003"].map { try ExportMetadataAPITests.fixture($0) })
    }

    static func messager(_ extra: [FakeMessager.Message] = []) throws -> FakeMessager {
        try FakeMessager(messages: [
            .init(id: try uid("cc-1000", "PreCommitCid"), state: 3, signedCid: landed),
            .init(id: try uid("cc-1000", "CommitCid"), state: 2, signedCid: nil),
            .init(id: try uid("snapped-1003", "PreCommitCid"), state: 3, signedCid: landed),
            .init(id: try uid("snapped-1003", "CommitCid"), state: 3, signedCid: landed, from: "f3notalices"),
            .init(id: try uid("snapped-1003", "UpgradeMessageID"), state: 3, signedCid: upgradeLanded),
        ] + extra, adminToken: token, userToken: (token: "alice", user: "alice", signers: ["f3owned"]))
    }

    /// `ferry lotus sectors --json`, by sector number.
    static func records(_ repo: String) throws -> [Int: [String: Any]] {
        let run = try CLI.run(["lotus", "sectors", "--repo", repo, "--json"])
        let entries = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? []
        var out: [Int: [String: Any]] = [:]
        for entry in entries {
            if let sector = entry["sector"] as? [String: Any], let n = sector["SectorNumber"] as? Int { out[n] = sector }
        }
        return out
    }

    static func cid(_ record: [String: Any]?, _ field: String) -> String? {
        (record?[field] as? [String: Any])?["/"] as? String
    }

    @Test func resolvedCIDsReachTheRecordsLotusReads() throws {
        let damocles = try Self.damocles()
        let messager = try Self.messager()
        defer { damocles.stop(); messager.stop() }
        let dir = TempDir()
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let run = try ExportMetadataAPITests.export(repo, ["--damocles-api", damocles.url, "--messager-api", messager.multiaddr,
                                                           "--messager-token", Self.token])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("message CIDs: 4 resolved through venus-messager (5 ids looked up), 0 already chain CIDs, 1 left null, 0 ReplicaUpdateMessage placeholders"), "\(run.stdout)")
        #expect(run.stdout.contains("sector 1000: note: CommitMessage left null: venus-messager message"), "\(run.stdout)")
        let records = try Self.records(repo)
        #expect(Self.cid(records[1000], "PreCommitMessage") == Self.landed)
        #expect(records[1000]?["CommitMessage"] is NSNull)
        #expect(Self.cid(records[1003], "ReplicaUpdateMessage") == Self.upgradeLanded)
        #expect(Self.cid(records[1003], "CommitMessage") == Self.landed)
        #expect(messager.calls.count == 5)
    }

    @Test func snappedSectorWithoutMessagerIsWrittenWithThePlaceholder() throws {
        let damocles = try Self.damocles()
        defer { damocles.stop() }
        let dir = TempDir()
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let run = try ExportMetadataAPITests.export(repo, ["--damocles-api", damocles.url])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("sector 1003: note: ReplicaUpdateMessage set to damocles' placeholder \(Self.placeholder) so lotus still sees the sector as upgraded"), "\(run.stdout)")
        #expect(run.stdout.contains("1 ReplicaUpdateMessage placeholders"))
        let records = try Self.records(repo)
        #expect(Self.cid(records[1003], "ReplicaUpdateMessage") == Self.placeholder)
        let lines = try CLI.run(["lotus", "sectors", "--repo", repo]).stdout
        #expect(lines.contains("upgraded UpdateSealed=bagboea4b5abcbu3extwdgjl73az254kmjfy6ggj4u4cm2uwymuj2vbrjlisvofq4\tReplicaUpdateMessage=\(Self.placeholder)"), "\(lines)")
        #expect(records[1000]?["ReplicaUpdateMessage"] is NSNull)
    }

    @Test func aMessagerThatCannotBeUsedIsOneMessageAndChangesNothing() throws {
        let damocles = try Self.damocles()
        let messager = try Self.messager()
        defer { damocles.stop(); messager.stop() }
        let dir = TempDir()
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let before = try ExportMetadataAPITests.snapshot(repo)
        let commit1003 = try Self.uid("snapped-1003", "CommitCid")
        let cases: [([String], String)] = [
            (["--messager-token", "wrong"], "error: venus-messager at \(messager.url) rejected the token (HTTP 401): check --messager-token; nothing written\n"),
            (["--messager-token", "alice"], "error: venus-messager refused to show message \(commit1003) to this token (signer f3notalices not exist in user alice: permission deny): use an admin token, or one whose user owns the miner's sending addresses (--messager-token); nothing written\n"),
        ]
        for (extra, expected) in cases {
            let run = try ExportMetadataAPITests.export(repo, ["--damocles-api", damocles.url, "--messager-api", messager.url] + extra)
            #expect(run.status == 1 && run.stdout.isEmpty, "\(extra): \(run.stdout)")
            #expect(run.stderr == expected, "\(extra)")
        }
        let garbage = try FakeMessager(messages: [.init(id: try Self.uid("cc-1000", "PreCommitCid"), state: 3, signedCid: nil, rawResult: #""ok""#)],
                                       adminToken: Self.token)
        let garbled = try ExportMetadataAPITests.export(repo, ["--damocles-api", damocles.url, "--messager-api", garbage.url, "--messager-token", Self.token])
        #expect(garbled.status == 1 && garbled.stderr.hasPrefix("error: venus-messager's reply about message bafk4bzaci"), "\(garbled.stderr)")
        garbage.stop()
        let down = try ExportMetadataAPITests.export(repo, ["--damocles-api", damocles.url, "--messager-api", garbage.url, "--messager-token", Self.token])
        #expect(down.status == 1 && down.stderr.contains("connection refused"), "\(down.stderr)")
        #expect(try ExportMetadataAPITests.snapshot(repo) == before)
    }

    @Test func messagerFlagsAreCheckedAsUsage() throws {
        let dir = TempDir()
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        for (extra, message) in [
            (["--messager-token", "t"], "error: --messager-token needs --messager-api"),
            (["--messager-api", "/ip4/127.0.0.1/udp/1"], "error: --messager-api: "),
        ] {
            let run = try ExportMetadataAPITests.export(repo, ["--from-json", Self.fixtureDir + "/cc-1000.json"] + extra)
            #expect(run.status == 2 && run.stderr.hasPrefix(message), "\(run.stderr)")
        }
    }
}
