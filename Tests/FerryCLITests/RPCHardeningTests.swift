import Foundation
import Testing
import RPCTestServers

/// Issue 11 items 4, 7, 8, 9 and 10 through the `ferry` binary: each bad input is one clear
/// message and an exit status, never a trap, a hang or a file written under the wrong name.
@Suite(.tags(.binary)) struct RPCHardeningTests {
    func importRun(_ args: [String]) throws -> CLI.Result {
        // MINER_API_INFO from the environment must not change which API the command uses.
        try CLI.run(["import"] + args, environment: ["MINER_API_INFO": ""])
    }

    func lines(_ result: CLI.Result) -> [String] { result.stdout.split(separator: "\n").map(String.init) }

    /// Item 4: piece sizes summing past 2^64 trapped, even with --dry-run.
    @Test func overflowingPieceSizesFailTheSectorAndWriteNothing() throws {
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9, 10: LotusFixtures.pieceSizeOverflow10])
        defer { lotus.stop() }
        let failure = "s-t01000-10: import failed: invalid lotus sector record: Pieces[1].Piece.Size = 17179869184: the piece sizes up to this one add up to more than 2^64-1 bytes"

        let dry = try importRun(["--api", lotus.multiaddr, "--dry-run"])
        #expect(!dry.killed && dry.status == 1, "\(dry.stderr)")
        #expect(lines(dry).contains(failure), "\(dry.stdout)")
        #expect(lines(dry).contains("s-t01000-9: would import"))

        let dir = TempDir()
        let out = dir.path + "/states"
        let real = try importRun(["--api", lotus.multiaddr, "--to-dir", out, "--numbers", "10"])
        #expect(!real.killed && real.status == 1, "\(real.stderr)")
        #expect(lines(real).first == failure)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty)
    }

    /// Item 7: a server trickling a complete reply a byte per 200 ms (~40 s) must not keep
    /// `--timeout 1` waiting: the outcome is the timeout, not the reply.
    @Test func tricklingServerHitsTheTimeout() throws {
        let body = Data((String(repeating: " ", count: 160) + #"{"id":1,"jsonrpc":"2.0","result":"f01000"}"#).utf8)
        let server = try HTTPTestServer { _ in
            HTTPReply(status: 200, headers: [("Content-Type", "application/json")], body: body,
                      delivery: .paced(contentLength: body.count, chunk: 1, interval: 0.2, holdOpen: 0))
        }
        defer { server.stop() }
        let run = try importRun(["--api", "/ip4/127.0.0.1/tcp/\(server.port)/http", "--dry-run", "--timeout", "1"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "ferry import: cannot read the miner address from lotus-miner: no complete reply from http://127.0.0.1:\(server.port)/rpc/v0 within 1 s (timed out)\n")
    }

    /// Item 8: replies over `--max-reply-size` are refused with the flag named; the other sectors
    /// (with smaller replies) go on.
    @Test func replyOverMaxReplySizeFailsWithTheFlagNamed() throws {
        let big = LotusFixtures.variant(number: 9, [(#""State":"Proving""#, #""State":"Proving"\#(String(repeating: " ", count: 4096))"#)])
        let lotus = try FakeLotusMiner(sectors: [9: big, 10: LotusFixtures.deal10])
        defer { lotus.stop() }
        let run = try importRun(["--api", lotus.multiaddr, "--dry-run", "--max-reply-size", "4KiB"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(lines(run).first == "s-t01000-9: import failed: get sector info: reply from \(lotus.url) exceeds 4096 bytes; raise --max-reply-size")
        #expect(lines(run).contains("s-t01000-10: would import"))
        let raised = try importRun(["--api", lotus.multiaddr, "--dry-run", "--max-reply-size", "1MiB"])
        #expect(raised.status == 0 && lines(raised).first == "s-t01000-9: would import", "\(raised.stderr)")
    }

    @Test(arguments: ["0", "lots", "1.5MiB", "", "99999999999TiB"])
    func badMaxReplySizeIsAUsageError(_ value: String) throws {
        let run = try importRun(["--api", "/ip4/127.0.0.1/tcp/1/http", "--dry-run", "--max-reply-size", value])
        #expect(run.status == 2 && run.stderr.hasPrefix("ferry import: --max-reply-size"), "\(run.stderr)")
    }

    @Test(arguments: ["0", "86401", "99999999999999999999", "1.5"])
    func outOfRangeTimeoutIsAUsageError(_ value: String) throws {
        let run = try importRun(["--api", "/ip4/127.0.0.1/tcp/1/http", "--dry-run", "--timeout", value])
        #expect(run.status == 2 && run.stderr.hasPrefix("ferry import: --timeout"), "\(run.stderr)")
    }

    /// Item 9: asked for 9, given 1009, ferry printed `s-t01000-9: imported` and wrote
    /// `s-t01000-1009.json`.
    @Test func replyForAnotherSectorIsAnErrorAndNothingIsWritten() throws {
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.variant(number: 1009)])
        defer { lotus.stop() }
        let dir = TempDir()
        let out = dir.path + "/states"
        let run = try importRun(["--api", lotus.multiaddr, "--to-dir", out, "--numbers", "9"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(lines(run).first == "s-t01000-9: import failed: lotus-miner answered SectorsStatus for sector 9 with sector 1009")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty)
    }

    /// Item 10: `t0+1000` was taken as actor 1000.
    @Test func signedActorAddressIsNotAnIDAddress() throws {
        let lotus = try FakeLotusMiner(actorAddress: "t0+1000", sectors: [9: LotusFixtures.cc9])
        defer { lotus.stop() }
        let run = try importRun(["--api", lotus.multiaddr, "--dry-run"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "ferry import: lotus-miner reports actor address t0+1000, which is not an ID address (f0…/t0…)\n")
        #expect(lotus.calls.map(\.method) == ["Filecoin.ActorAddress"])
    }

    /// Item 10: `t001000` and `01000` were accepted as `--miner 1000`.
    @Test(arguments: ["t001000", "01000", "f00", "0", "+1000", "t0+1000", "f0-1", "t0", "f01000x"])
    func minerSpellingsLotusRefusesAreUsageErrors(_ miner: String) throws {
        let dir = TempDir()
        let run = try CLI.run(["sectors", "list", "--store", dir.path, "--miner", miner])
        if ["f00", "0"].contains(miner) {
            // Actor 0 written canonically is a valid (if unusual) miner.
            #expect(run.status != 2, "\(run.stderr)")
        } else {
            #expect(run.status == 2 && run.stderr.contains(miner), "\(miner): \(run.status) \(run.stderr)")
        }
    }

    @Test(arguments: ["t01000", "f01000", "1000"])
    func canonicalMinerSpellingsAreAccepted(_ miner: String) throws {
        let dir = TempDir()
        let run = try CLI.run(["sectors", "list", "--store", dir.path, "--miner", miner])
        #expect(run.status != 2, "\(miner): \(run.stderr)")
    }
}
