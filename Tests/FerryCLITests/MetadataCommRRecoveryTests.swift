import Foundation
import RPCTestServers
import Testing

/// Issue 15 items 4 and 5 through the binary, with the Poseidon `ferry check` uses: a sector
/// imported from lotus and snapped (no new CommR in damocles) gets, with `--store`, the CommR
/// `ferry check` computes from its update cache; `ferry import --store` records it for damocles.
@Suite(.serialized, .tags(.binary)) struct MetadataCommRRecoveryTests {
    /// lotus' own CommR-from-p_aux vector (storage/sealer/commitment/commr_test.go, sector-proofs.md V8).
    static let v8CommC = "091e073b982f66f013c026da6e54d87dbf8bba848ef57a5529c7e7f72c828843"
    static let v8CommRLast = "f0c5785c6c8cf62d968b1ecd68edb9d91eb9445c7858a60026f8826860f7e768"
    /// The sealed CID of V8's comm_r `e674d19e…c6db01` (its digest, behind prefix 01 82e203 81e802 20).
    static let v8SealedCID = "bagboea4b5abcbztu2gpgzz746m537wntioqm5mjnfay5dwsugfqyshv4zljmnwyb"

    static func bytes(_ hex: String) -> [UInt8] {
        let chars = Array(hex.utf8)
        return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    static func writePAux(_ store: String, _ sector: String, _ bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: store + "/update-cache/" + sector, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: store + "/update-cache/" + sector + "/p_aux"))
    }

    /// A generated, consistent snapped sector 9 and `ferry check`'s CommR of its update replica.
    static func generatedSnappedSector(_ dir: TempDir) throws -> (store: String, state: String, checkCommR: String, keyCommR: String) {
        let store = dir.path + "/store", states = dir.path + "/states.json"
        let generate = try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--sector-size", "2KiB", "--first", "9",
                                    "--snap", "--valid", "--damocles-states", states])
        try #require(generate.status == 0, "\(generate.stderr)")
        let check = try CLI.run(["check", "--store", store, "--json"])
        try #require(check.status == 0, "\(check.stdout)\(check.stderr)")
        let event = try #require(check.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.first { $0["event"] as? String == "sector" })
        let replica = try #require(event["replica"] as? [String: Any])
        let key = try #require(event["sector_key"] as? [String: Any])
        try #require(replica["kind"] as? String == "update")
        return (store, try String(contentsOfFile: states, encoding: .utf8),
                try #require(replica["commr"] as? String), try #require(key["commr"] as? String))
    }

    /// The generated state as damocles holds a sector it imported from lotus after a snap.
    static func asImportedFromLotus(_ state: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any])
        let upgraded = try #require(object["UpgradedInfo"] as? [String: Any])
        let sealed = try #require((upgraded["SealedCID"] as? [String: Any])?["/"] as? String)
        let unsealed = try #require((upgraded["UnsealedCID"] as? [String: Any])?["/"] as? String)
        let proof = try #require(upgraded["Proof"] as? String)
        return state.replacingOccurrences(of: #""AccessInstance":"store01","SealedCID":{"/":"\#(sealed)"},"UnsealedCID":{"/":"\#(unsealed)"},"Proof":"\#(proof)""#,
                                          with: #""AccessInstance":"","SealedCID":null,"UnsealedCID":null,"Proof":null"#)
            .replacingOccurrences(of: #""Imported":false"#, with: #""Imported":true"#)
    }

    static func record(_ repo: String, _ number: Int) throws -> [String: Any]? {
        let run = try CLI.run(["lotus", "sectors", "--repo", repo, "--json"])
        let entries = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? []
        return entries.compactMap { $0["sector"] as? [String: Any] }.first { $0["SectorNumber"] as? Int == number }
    }

    static func cid(_ record: [String: Any]?, _ field: String) -> String? {
        (record?[field] as? [String: Any])?["/"] as? String
    }

    @Test func importedThenSnappedSectorGetsTheCommRFerryCheckComputes() throws {
        let dir = TempDir()
        let sector = try Self.generatedSnappedSector(dir)
        let statePath = dir.path + "/imported.json"
        let imported = try Self.asImportedFromLotus(sector.state)
        #expect(imported.contains(#""SealedCID":null"#))
        try imported.write(toFile: statePath, atomically: true, encoding: .utf8)
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")

        let without = try ExportMetadataAPITests.export(repo, ["--from-json", statePath])
        #expect(without.status == 1 && without.stdout.contains("sector 9 to sector info err:") && without.stdout.contains("pass --store"), "\(without.stdout)")
        #expect(try Self.record(repo, 9) == nil)

        // A --store that does not exist is an error that names it, not "the sector is elsewhere".
        let typo = try ExportMetadataAPITests.export(repo, ["--from-json", statePath, "--store", dir.path + "/elsewhere", "--store", sector.store])
        #expect(typo.status == 1 && typo.stdout.contains("cannot recover the new CommR: \(dir.path)/elsewhere: No such file or directory"), "\(typo.stdout)")
        let empty = dir.path + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let absent = try ExportMetadataAPITests.export(repo, ["--from-json", statePath, "--store", empty])
        #expect(absent.status == 1 && absent.stdout.contains("update-cache/s-t01000-9/p_aux is in none of --store \(empty)"), "\(absent.stdout)")
        let found = try ExportMetadataAPITests.export(repo, ["--from-json", statePath, "--store", sector.store])
        #expect(found.status == 0, "\(found.stdout)\(found.stderr)")
        #expect(found.stdout.contains("sector 9: note: UpdateSealed \(sector.checkCommR) recovered from update-cache/s-t01000-9/p_aux"), "\(found.stdout)")
        let record = try #require(try Self.record(repo, 9))
        #expect(Self.cid(record, "UpdateSealed") == sector.checkCommR)
        #expect(Self.cid(record, "CommR") == sector.keyCommR, "CommR stays the sector key's, as lotus keeps it")
        #expect(record["CCUpdate"] as? Bool == true && record["UpdateUnsealed"] is NSNull)
    }

    /// lotus' vector end to end: p_aux = V8's comm_c ‖ comm_r_last gives V8's comm_r as UpdateSealed.
    @Test func lotusCommRVectorThroughThePAuxFile() throws {
        let dir = TempDir()
        let store = dir.path + "/store"
        try Self.writePAux(store, "s-t01000-9", Self.bytes(Self.v8CommC) + Self.bytes(Self.v8CommRLast))
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let run = try ExportMetadataAPITests.export(repo, ["--from-json", ExportMetadataAPITests.fixtureDir + "/lotus-imported-upgraded-9.json", "--store", store])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(Self.cid(try Self.record(repo, 9), "UpdateSealed") == Self.v8SealedCID)
    }

    @Test func anUpdateCacheOfAnotherReplicaFailsTheSector() throws {
        let dir = TempDir()
        let sector = try Self.generatedSnappedSector(dir)
        let statePath = dir.path + "/damocles.json"
        try sector.state.write(toFile: statePath, atomically: true, encoding: .utf8)
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let matching = try ExportMetadataAPITests.export(repo, ["--from-json", statePath, "--store", sector.store, "--dry-run"])
        #expect(matching.status == 0, "\(matching.stdout)")
        try Self.writePAux(sector.store, "s-t01000-9", Self.bytes(Self.v8CommC) + Self.bytes(Self.v8CommRLast))
        let other = try ExportMetadataAPITests.export(repo, ["--from-json", statePath, "--store", sector.store])
        #expect(other.status == 1 && other.stdout.contains("the update cache belongs to another sector or replica"), "\(other.stdout)")
        #expect(try Self.record(repo, 9) == nil)
    }

    /// `ferry import --store`: lotus' API has no new CommR for a snapped sector; the state written for
    /// damocles gets it in UpgradedInfo.SealedCID (Proof stays null: damocles' imported-sector marker).
    @Test func importRecordsTheRecoveredCommRForDamocles() throws {
        let dir = TempDir()
        let store = dir.path + "/store"
        try Self.writePAux(store, "s-t01000-12", Self.bytes(Self.v8CommC) + Self.bytes(Self.v8CommRLast))
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9, 12: LotusFixtures.snap12])
        defer { lotus.stop() }
        let out = dir.path + "/states"
        let run = try CLI.run(["import", "--api", lotus.multiaddr, "--token", FakeLotusMiner.adminToken, "--to-dir", out, "--store", store],
                              environment: ["MINER_API_INFO": ""])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("s-t01000-12: imported (snap-upgraded, new CommR \(Self.v8SealedCID) from its update cache)"), "\(run.stdout)")
        #expect(run.stdout.contains("s-t01000-9: imported\n"))
        let state = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/s-t01000-12.json"))) as? [String: Any])
        let upgraded = try #require(state["UpgradedInfo"] as? [String: Any])
        #expect((upgraded["SealedCID"] as? [String: Any])?["/"] as? String == Self.v8SealedCID)
        #expect(upgraded["Proof"] is NSNull && upgraded["UnsealedCID"] is NSNull)

        // The imported state now exports completely, without --store.
        let repo = try ExportMetadataAPITests.makeRepo(dir, "repo")
        let export = try ExportMetadataAPITests.export(repo, ["--from-json", out + "/s-t01000-12.json"])
        #expect(export.status == 0, "\(export.stdout)")
        #expect(Self.cid(try Self.record(repo, 12), "UpdateSealed") == Self.v8SealedCID)

        let missing = try CLI.run(["import", "--api", lotus.multiaddr, "--token", FakeLotusMiner.adminToken, "--dry-run", "--store", dir.path + "/empty"],
                                  environment: ["MINER_API_INFO": ""])
        #expect(missing.status == 1 && missing.stdout.contains("s-t01000-12: import failed: cannot recover the new CommR"), "\(missing.stdout)")
    }
}
