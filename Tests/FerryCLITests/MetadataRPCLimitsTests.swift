import Foundation
import RPCTestServers
import Testing

/// `export metadata --damocles-api` with `--timeout` and `--max-reply-size`: the one ListSectors
/// reply holds every sector of damocles' offline store, so its cap must be adjustable and larger
/// by default than import's per-sector 64 MiB.
@Suite(.serialized, .tags(.binary)) struct MetadataRPCLimitsTests {
    static let fixtureDir = CLI.packageRoot + "/Tests/Fixtures/damocles"

    static func ccState() throws -> String {
        try String(contentsOfFile: fixtureDir + "/cc-1000.json", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func export(_ repo: String, _ api: String, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--no-backup", "--damocles-api", api] + extra)
    }

    @Test func replyOverMaxReplySizeIsRefusedWithTheFlagNamed() throws {
        let dir = TempDir()
        let damocles = try FakeDamoclesManager(offline: [try Self.ccState()])
        defer { damocles.stop() }
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let before = try ExportMetadataAPITests.snapshot(repo)

        let capped = try Self.export(repo, damocles.url, ["--max-reply-size", "1KiB"])
        #expect(capped.status == 1)
        #expect(capped.stderr == "error: cannot list sectors from damocles-manager: reply from \(damocles.url) exceeds 1024 bytes; raise --max-reply-size\n")
        #expect(try ExportMetadataAPITests.snapshot(repo) == before)

        let raised = try Self.export(repo, damocles.url, ["--max-reply-size", "1MiB"])
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(try ExportMetadataAPITests.snapshot(repo)["/sectors/1000"] != nil)
    }

    /// The default cap is above import's 64 MiB: a reply of 65 MiB (whitespace between the array's
    /// elements is valid JSON) goes through without any flag.
    @Test func defaultCapTakesAReplyOverSixtyFourMiB() throws {
        let head = Data(#"{"jsonrpc":"2.0","result":["#.utf8)
        let body = head + Data(repeating: 0x20, count: 65 << 20) + Data(try Self.ccState().utf8) + Data(#"],"id":1}"#.utf8)
        let server = try HTTPTestServer { _ in HTTPReply(status: 200, headers: [("Content-Type", "application/json")], body: body) }
        defer { server.stop() }
        let dir = TempDir()
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let run = try Self.export(repo, "http://127.0.0.1:\(server.port)/rpc/v0")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("sector 1000: exported"), "\(run.stdout)")
    }

    /// A server trickling a byte per 200 ms must not keep `--timeout 1` waiting for the ~20 s reply.
    @Test func tricklingListSectorsHitsTheTimeout() throws {
        let body = Data((String(repeating: " ", count: 100) + #"{"id":1,"jsonrpc":"2.0","result":[]}"#).utf8)
        let server = try HTTPTestServer { _ in
            HTTPReply(status: 200, headers: [("Content-Type", "application/json")], body: body,
                      delivery: .paced(contentLength: body.count, chunk: 1, interval: 0.2, holdOpen: 0))
        }
        defer { server.stop() }
        let dir = TempDir()
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let before = try ExportMetadataAPITests.snapshot(repo)
        let run = try Self.export(repo, "/ip4/127.0.0.1/tcp/\(server.port)/http", ["--timeout", "1"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "error: cannot list sectors from damocles-manager: no complete reply from http://127.0.0.1:\(server.port)/rpc/v0 within 1 s (timed out)\n")
        #expect(try ExportMetadataAPITests.snapshot(repo) == before)
    }

    @Test(arguments: [("--timeout", "0"), ("--timeout", "86401"), ("--timeout", "1.5"), ("--timeout", "soon"),
                      ("--max-reply-size", "0"), ("--max-reply-size", "lots"), ("--max-reply-size", "99999999999TiB")])
    func badLimitsAreUsageErrors(_ flag: String, _ value: String) throws {
        let dir = TempDir()
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let run = try Self.export(repo, "/ip4/127.0.0.1/tcp/1/http", [flag, value])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("error: \(flag) '\(value)'"), "\(run.stderr)")
    }
}
