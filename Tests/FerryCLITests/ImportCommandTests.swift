import Foundation
import Testing
import RPCTestServers

/// Runs the built `ferry` binary against the fake daemons running in this test process.
/// Build first: `swift build` (the test uses `.build/debug/ferry`).
@Suite(.serialized, .tags(.binary)) struct ImportCommandTests {
    typealias Run = CLI.Result

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = URL(fileURLWithPath: CLI.binary)

    /// Guard against testing a stale binary: it must be at least as new as the compiled `ferry` and
    /// `FerryRPC` modules. (Measured: `swift test` relinks `ferry` after a code change here, but a
    /// binary left from an interrupted build would otherwise pass silently.)
    static func newestObjectDate() -> Date {
        var newest = Date.distantPast
        for module in ["ferry.build", "FerryRPC.build"] {
            let dir = binary.deletingLastPathComponent().appendingPathComponent(module)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasSuffix(".o") {
                let attributes = try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)
                if let date = attributes?[.modificationDate] as? Date, date > newest { newest = date }
            }
        }
        return newest
    }

    func ferry(_ args: [String], env: [String: String] = [:]) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build ferry first: swift build")
        let built = try FileManager.default.attributesOfItem(atPath: Self.binary.path)[.modificationDate] as? Date ?? .distantPast
        try #require(built >= Self.newestObjectDate(), "\(Self.binary.path) is older than its compiled modules: run swift build")
        // MINER_API_INFO from the environment the tests run in must not reach ferry.
        return try CLI.run(["import"] + args, environment: env, unset: ["MINER_API_INFO"], executable: Self.binary.path)
    }

    @Test func importsIntoDamoclesAndReportsEachSector() throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all)
        let damocles = try FakeDamoclesManager(offline: [DamoclesFixtures.importedUpgraded9])
        defer { lotus.stop(); damocles.stop() }
        let run = try ferry(["--api", lotus.multiaddr, "--token", FakeLotusMiner.adminToken, "--damocles-api", damocles.multiaddr])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.lines.contains("s-t01000-9: not imported, perhaps you need to set --override flag"))
        #expect(run.lines.contains("s-t01000-10: imported"))
        #expect(run.lines.contains("s-t01000-12: imported (snap-upgraded)"))
        #expect(run.lines.contains("s-t01000-13: skipped: check sector info: unexpected sector state Available"))
        #expect(run.lines.contains("s-t01000-14: skipped: check sector info: no ticket"))
        #expect(run.lines.last == "summary: imported 6, not imported 1, skipped 5, failed 0 (of 12 sectors, miner f01000)")
        #expect(damocles.storedKeys(in: .offline) == ["m-1000-n-10", "m-1000-n-11", "m-1000-n-12", "m-1000-n-15", "m-1000-n-16", "m-1000-n-20", "m-1000-n-9"])
        // Existing record untouched without --override.
        #expect(damocles.storedState(miner: 1000, number: 9) == Data(DamoclesFixtures.importedUpgraded9.utf8))

        let again = try ferry(["--api", lotus.url, "--token", FakeLotusMiner.adminToken, "--damocles-api", damocles.url, "--numbers", "9", "--override"])
        #expect(again.status == 0 && again.lines.first == "s-t01000-9: imported")
        #expect(damocles.storedState(miner: 1000, number: 9) != Data(DamoclesFixtures.importedUpgraded9.utf8))
    }

    @Test func toDirWithJSONReport() throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all)
        defer { lotus.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try ferry(["--api", lotus.multiaddr, "--to-dir", dir.path, "--numbers", "10", "--numbers", "13", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let sectors = try #require(report["sectors"] as? [[String: Any]])
        #expect(sectors.map { $0["result"] as? String } == ["imported", "skipped"])
        #expect(sectors[1]["reason"] as? String == "check sector info: unexpected sector state Available")
        #expect((report["summary"] as? [String: Any])?["imported"] as? Int == 1)
        let file = dir.appendingPathComponent("s-t01000-10.json")
        let state = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect((state["ID"] as? [String: Any])?["Number"] as? Int == 10 && state["Finalized"] as? Bool == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["s-t01000-10.json"])
    }

    @Test func apiFromRepoAndFromMinerAPIInfo() throws {
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9])
        defer { lotus.stop() }
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: repo) }
        try lotus.multiaddr.write(to: repo.appendingPathComponent("api"), atomically: true, encoding: .utf8)
        try FakeLotusMiner.adminToken.write(to: repo.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let viaRepo = try ferry(["--repo", repo.path, "--dry-run"])
        #expect(viaRepo.status == 0 && viaRepo.lines.first == "s-t01000-9: would import", "\(viaRepo.stderr)")
        let viaEnv = try ferry(["--dry-run"], env: ["MINER_API_INFO": "\(FakeLotusMiner.adminToken):\(lotus.multiaddr)"])
        #expect(viaEnv.status == 0 && viaEnv.lines.first == "s-t01000-9: would import", "\(viaEnv.stderr)")
        #expect(lotus.calls.allSatisfy { $0.authorization == "Bearer \(FakeLotusMiner.adminToken)" })
    }

    @Test func failedSectorGivesExitOneButOthersContinue() throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all, faults: [Fault(method: "Filecoin.SectorsStatus", sector: 10, .closeMidReply)])
        let damocles = try FakeDamoclesManager()
        defer { lotus.stop(); damocles.stop() }
        let run = try ferry(["--api", lotus.multiaddr, "--damocles-api", damocles.url, "--numbers", "10", "--numbers", "11"])
        #expect(run.status == 1)
        #expect(run.lines.first == "s-t01000-10: import failed: get sector info: \(lotus.url) closed the connection before the reply was complete")
        #expect(run.lines.contains("s-t01000-11: imported"))
        #expect(damocles.storedKeys(in: .offline) == ["m-1000-n-11"])
    }

    @Test func badTokenIsOneClearMessage() throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all)
        defer { lotus.stop() }
        let run = try ferry(["--api", lotus.multiaddr, "--token", "bad", "--dry-run"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "ferry import: cannot read the miner address from lotus-miner: \(lotus.url) rejected the API token (HTTP 401): check --token, the repo's token file or MINER_API_INFO\n")
    }

    @Test func connectionRefusedAndTimeout() throws {
        let gone = try FakeLotusMiner(sectors: [:])
        let address = gone.multiaddr
        gone.stop()
        let refused = try ferry(["--api", address, "--dry-run"])
        #expect(refused.status == 1 && refused.stderr.contains("connection refused"))

        let slow = try FakeLotusMiner(sectors: [:], faults: [Fault(method: "Filecoin.ActorAddress", .slow(seconds: 4))])
        defer { slow.stop() }
        let timedOut = try ferry(["--api", slow.multiaddr, "--dry-run", "--timeout", "1"])
        #expect(timedOut.status == 1 && timedOut.stderr.contains("within 1 s (timed out)"), "\(timedOut.stderr)")
    }

    @Test(arguments: [
        ["--api", "/ip4/127.0.0.1/tcp/1/http"],
        ["--api", "/ip4/127.0.0.1/tcp/1/http", "--to-dir", "/tmp/x", "--damocles-api", "/ip4/127.0.0.1/tcp/2/http"],
        ["--api", "/ip4/127.0.0.1/tcp/1/http", "--repo", "/tmp", "--dry-run"],
        ["--dry-run"],
        ["--api", "/ip4/127.0.0.1/tcp/1/http", "--dry-run", "--numbers", "ten"],
        ["--api", "/ip4/127.0.0.1/udp/1", "--dry-run"],
        ["--api", "/ip4/127.0.0.1/tcp/1/http", "--damocles-token", "t", "--to-dir", "/tmp/x"],
        ["--api", "/ip4/127.0.0.1/tcp/1/http", "--dry-run", "--timeout", "0"],
    ])
    func usageErrorsExitTwo(_ args: [String]) throws {
        let run = try ferry(args)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("ferry import: "), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
