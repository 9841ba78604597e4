import Foundation
import KVStore
import RPCTestServers
import Testing

/// `ferry check` and `ferry sectors generate --valid` as a user runs them.
@Suite(.tags(.binary)) struct CheckCommandTests {
    /// Generates valid sectors 1–2 (2KiB), 3 (8MiB) and snapped 4 (2KiB), with damocles states.
    static func store(_ dir: TempDir) throws -> (store: String, states: String) {
        let store = dir.path + "/store"
        for (args, states) in [(["--count", "2"], "plain.json"), (["--first", "3", "--sector-size", "8MiB"], "8mib.json"),
                               (["--first", "4", "--snap"], "snap.json")] {
            let result = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--valid",
                                      "--damocles-states", dir.path + "/states/" + states] + args)
            #expect(result.status == 0, "\(result.stderr)")
        }
        return (store, dir.path + "/states")
    }

    @Test func validSectorsPassAndDamageFails() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/states", withIntermediateDirectories: true)
        let (store, states) = try Self.store(dir)
        let ok = try CLI.run(["check", "--store", store, "--from-json", states, "--seed", "3"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        let lines = ok.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("s-t01000-1  2KiB  ok  CommR bagboea4b5abc") && lines[0].hasSuffix("  cache 1/1  challenges 1/1"))
        #expect(lines[2].hasPrefix("s-t01000-3  8MiB  ok  CommR bagboea4b5abc") && lines[2].hasSuffix("  cache 1/1  challenges 16/16"))
        #expect(lines[3].hasPrefix("s-t01000-4  2KiB  snap-upgraded  ok  CommR bagboea4b5abc"))
        #expect(lines[4].hasPrefix("4 sector(s) checked: 4 ok, 0 failed (16 challenges per replica, seed 3;"))

        // One flipped byte in sector 2's replica: its only lowest node is always challenged.
        _ = try CLI.sh("printf '\\001' | dd of=\(store)/sealed/s-t01000-2 bs=1 seek=1000 conv=notrunc status=none")
        let bad = try CLI.run(["check", "--store", store, "--numbers", "1,2", "--json"])
        #expect(bad.status == 1)
        let events = bad.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.count == 3 && events[0]["status"] as? String == "ok" && events[1]["status"] as? String == "failed")
        let problems = events[1]["problems"] as? [String] ?? []
        #expect(problems.first?.contains("sealed/s-t01000-2 bytes 0–2,047 hash to") == true, "\(problems)")
        #expect(events[2]["event"] as? String == "summary" && events[2]["failed"] as? Int == 1)
    }

    @Test func commRThatDiffersFromTheDamoclesState() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/states", withIntermediateDirectories: true)
        let (store, states) = try Self.store(dir)
        // Give sector 1's state sector 2's CommR.
        let path = states + "/plain.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let cids = text.split(separator: "\n").map { line in line.components(separatedBy: #""Pre":{"CommR":{"/":""#)[1].prefix(65) }
        try text.replacingOccurrences(of: String(cids[0]), with: String(cids[1])).write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--store", store, "--from-json", path, "--numbers", "1"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("s-t01000-1  2KiB  FAILED  CommR \(cids[0])"), "\(result.stdout)")
        #expect(result.stdout.contains("(H2 of p_aux) differs from \(cids[1]) (damocles state Pre.CommR)"))
    }

    @Test func commRFromARunningDamoclesManager() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/states", withIntermediateDirectories: true)
        let (store, states) = try Self.store(dir)
        let lines = try ["plain.json", "8mib.json", "snap.json"].flatMap { name in
            try String(contentsOfFile: states + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let damocles = try FakeDamoclesManager(offline: lines)
        defer { damocles.stop() }
        let ok = try CLI.run(["check", "--store", store, "--damocles-api", damocles.multiaddr])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("4 sector(s) checked: 4 ok"))
        #expect(damocles.calls.map(\.method) == ["Venus.ListSectors"])
    }

    /// A lotus-miner repo with `/miner-address` f01000 and the generated states exported into it.
    static func lotusRepo(_ dir: TempDir, states: String) throws -> String {
        let repo = dir.path + "/repo"
        try FileManager.default.createDirectory(atPath: repo + "/datastore", withIntermediateDirectories: true)
        let db = try KVDatabase(path: repo + "/datastore/metadata")
        var batch = KVWriteBatch()
        batch.put(Array("/miner-address".utf8), [0x00, 0xE8, 0x07])
        try db.write(batch, sync: true)
        db.close()
        let export = try CLI.run(["export", "metadata", "--miner", "f01000", "--dest-repo", repo, "--no-backup", "--from-json", states])
        #expect(export.status == 0, "\(export.stdout)\(export.stderr)")
        return repo
    }

    /// After a switch to lotus: every record of the datastore has its files in one of the repo's
    /// storage paths, and they are intact.
    @Test func lotusRepoWithoutStoreChecksItsStoragePaths() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/states", withIntermediateDirectories: true)
        let (store, states) = try Self.store(dir)
        let repo = try Self.lotusRepo(dir, states: states)
        try #"{"StoragePaths":[{"Path":"\#(store)"}]}"#.write(toFile: repo + "/storage.json", atomically: true, encoding: .utf8)
        // Another miner's sector in the same path is not this repo's business.
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01001", "--valid"]).status == 0)
        let ok = try CLI.run(["check", "--lotus-repo", repo])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("4 sector(s) checked: 4 ok"))
        try FileManager.default.removeItem(atPath: store + "/sealed/s-t01000-2")
        try FileManager.default.removeItem(atPath: store + "/cache/s-t01000-2")
        let lost = try CLI.run(["check", "--lotus-repo", repo])
        #expect(lost.status == 1)
        #expect(lost.stdout.contains("s-t01000-2  ?  FAILED: no sealed or update file in the stores"), "\(lost.stdout)")
    }

    @Test func commRAgainstLotusRecords() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/states", withIntermediateDirectories: true)
        let (store, states) = try Self.store(dir)
        let repo = try Self.lotusRepo(dir, states: states)
        let ok = try CLI.run(["check", "--store", store, "--lotus-repo", repo])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("4 sector(s) checked: 4 ok"))
        // Sector 3's cache now comes from sector 1: its CommR is no longer what lotus recorded.
        _ = try CLI.sh("cp \(store)/cache/s-t01000-1/p_aux \(store)/cache/s-t01000-3/p_aux")
        let bad = try CLI.run(["check", "--store", store, "--lotus-repo", repo, "--numbers", "3"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("differs from") && bad.stdout.contains("(lotus /sectors/3 CommR)"), "\(bad.stdout)")
    }

    @Test func usageErrorsExit2() throws {
        #expect(try CLI.run(["check"]).status == 2)
        #expect(try CLI.run(["check", "--store", "/nonexistent", "--challenges", "-1"]).status == 2)
        #expect(try CLI.run(["check", "--store", "/x", "--from-json", "/a", "--lotus-repo", "/b"]).status == 2)
        #expect(try CLI.run(["check", "--store", "/x", "--damocles-token", "t"]).status == 2)
        let missing = try CLI.run(["check", "--store", "/x", "--from-json", "/nonexistent/states"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/states: no such file or directory"))
        #expect(try CLI.run(["sectors", "generate", "--store", "/x", "--miner", "1000", "--damocles-states", "/y"]).status == 2)
    }
}
