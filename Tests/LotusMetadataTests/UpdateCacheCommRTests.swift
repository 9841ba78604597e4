import Foundation
import LotusMetadata
import Testing

/// Issue 15 item 4 at the library level, with a stand-in for Poseidon's H2 (the real one is
/// SectorProofs', wired in by the CLI and checked against lotus' vector in the CLI tests).
@Suite(.tags(.fast)) struct UpdateCacheCommRTests {
    /// XOR of the halves; "not canonical" when comm_c's top byte is 0xFF.
    static let stubHash: UpdateCacheCommR.Hash = { c, r in c[31] == 0xFF ? nil : zip(c, r).map { $0 ^ $1 } }
    static let nine = DamoclesSectorID(miner: 1000, number: 9)

    final class Stores {
        let root = NSTemporaryDirectory() + "ferry-paux-" + UUID().uuidString
        init() { try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        func store(_ name: String) -> String {
            let path = root + "/" + name
            try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }

        func writePAux(_ store: String, _ sector: String, _ bytes: [UInt8]) throws {
            let dir = store + "/update-cache/" + sector
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/p_aux"))
        }
    }

    static let pAux = [UInt8](repeating: 0x11, count: 32) + [UInt8](repeating: 0x22, count: 32)
    static let expected = CID(codec: CID.Codec.filCommitmentSealed, hashCode: CID.Hash.poseidonBLS12381A2FC1,
                              digest: [UInt8](repeating: 0x33, count: 32))

    @Test func findsTheFirstStoreHoldingTheSectorsPAux() throws {
        let stores = Stores()
        let a = stores.store("a"), b = stores.store("b")
        try stores.writePAux(b, "s-t01000-9", Self.pAux)
        try stores.writePAux(b, "s-t01000-10", [UInt8](repeating: 0, count: 64))
        let recovery = UpdateCacheCommR(stores: [a, b], hash: Self.stubHash)
        #expect(try recovery.commR(for: Self.nine) == Self.expected)
        #expect(Self.expected.isCommR)
    }

    @Test func missingWrongSizeNonCanonicalAndLinksAreErrors() throws {
        let stores = Stores()
        let a = stores.store("a")
        let recovery = UpdateCacheCommR(stores: [a], hash: Self.stubHash)
        #expect(throws: UpdateCacheCommR.Failure.missing(name: "s-t01000-9", stores: [a])) { try recovery.commR(for: Self.nine) }

        try stores.writePAux(a, "s-t01000-9", Array(Self.pAux.prefix(63)))
        #expect(throws: UpdateCacheCommR.Failure.wrongSize(path: a + "/update-cache/s-t01000-9/p_aux", size: 63)) { try recovery.commR(for: Self.nine) }

        try stores.writePAux(a, "s-t01000-9", [UInt8](repeating: 0xFF, count: 64))
        #expect(throws: UpdateCacheCommR.Failure.notCanonical(path: a + "/update-cache/s-t01000-9/p_aux")) { try recovery.commR(for: Self.nine) }

        // A sector directory that is a link to another sector's cache is not followed.
        let b = stores.store("b")
        try stores.writePAux(b, "s-t01000-7", Self.pAux)
        try FileManager.default.createDirectory(atPath: b + "/update-cache", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: b + "/update-cache/s-t01000-9", withDestinationPath: b + "/update-cache/s-t01000-7")
        do {
            _ = try UpdateCacheCommR(stores: [b], hash: Self.stubHash).commR(for: Self.nine)
            Issue.record("followed a link")
        } catch {
            #expect(error.description.contains("symbolic link"), "\(error)")
        }

        let nowhere = stores.root + "/nowhere"
        #expect(throws: UpdateCacheCommR.Failure.self) { try UpdateCacheCommR(stores: [nowhere], hash: Self.stubHash).commR(for: Self.nine) }
    }

    @Test func importedThenSnappedSectorNeedsStoreAndGetsTheRecoveredCommR() throws {
        let state = try loadFixture("lotus-imported-upgraded-9")
        do {
            _ = try SectorMapping(state)
            Issue.record("mapped without its new CommR")
        } catch {
            #expect(error.description.contains("pass --store with the store holding update-cache/s-t01000-9/p_aux"), "\(error)")
        }
        let stores = Stores()
        let a = stores.store("a")
        try stores.writePAux(a, "s-t01000-9", Self.pAux)
        let m = try SectorMapping(state, context: MappingContext(updateCache: UpdateCacheCommR(stores: [a], hash: Self.stubHash)))
        #expect(m.info.ccUpdate && m.info.updateSealed == Self.expected && m.info.updateUnsealed == nil)
        #expect(m.info.commR?.description == "bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap", "CommR stays the sector key's")
        #expect(m.info.replicaUpdateMessage?.description == "bafy2bzaced5yy43okgxz3mbjokuvcybj5kfrx4exuneomne5ne236veybqv3u")
        #expect(m.notes.contains { $0.hasPrefix("UpdateSealed \(Self.expected) recovered from update-cache/s-t01000-9/p_aux") })
        #expect(m.notes.contains { $0.hasPrefix("UpdateUnsealed left null") })
        #expect(try SectorInfo(cborBytes: m.info.encoded()) == m.info)
    }

    /// A damocles-snapped sector's recorded CommR is checked against the update cache when one is given.
    @Test func anUpdateCacheOfAnotherReplicaFailsTheSector() throws {
        let stores = Stores()
        let a = stores.store("a")
        let recovery = UpdateCacheCommR(stores: [a], hash: Self.stubHash)
        #expect(try SectorMapping(loadFixture("snapped-1003"), context: MappingContext(updateCache: recovery)).info.ccUpdate,
                "no update cache for the sector: nothing to check")
        try stores.writePAux(a, "s-t01000-1003", Self.pAux)
        do {
            _ = try SectorMapping(loadFixture("snapped-1003"), context: MappingContext(updateCache: recovery))
            Issue.record("accepted an update cache of another replica")
        } catch {
            #expect("\(error)".contains("the update cache belongs to another sector or replica"), "\(error)")
        }
    }
}
