import Foundation
import SectorStore
import Testing
import TransferIO

/// Issue 17 items 10 and 14: wrong stores and miners are refused with a hint.
@Suite(.tags(.fast)) struct StoreCheckTests {
    let root = "/var/tmp/ferry-storecheck-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    private func problem(_ store: String) -> String? {
        do { try StoreCheck.validate([store]) } catch { return error.description }
        return nil
    }

    @Test func aStoreMustExistAndHoldSectorDirectories() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try StoreGenerator(store: root + "/store", content: .random(seed: 1)).sector(SectorID(miner: MinerID(1000), number: 1), size: .kib2)
        #expect(problem(root + "/store") == nil)
        #expect(problem(root + "/missing") == "store \(root)/missing: no such directory")
        #expect(problem(root + "/store/sealed/s-t01000-1") == "store \(root)/store/sealed/s-t01000-1: not a directory")
        // One level too deep: by its name, or (renamed) by the sector entries in it.
        #expect(problem(root + "/store/sealed") == "store \(root)/store/sealed: looks like a sealed/ directory; give its parent")
        #expect(problem(root + "/store/cache/") == "store \(root)/store/cache/: looks like a cache/ directory; give its parent")
        try FileManager.default.createDirectory(atPath: root + "/copy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/store/sealed/s-t01000-1", toPath: root + "/copy/s-t01000-1")
        #expect(problem(root + "/copy") == "store \(root)/copy: looks like a sealed/ directory; give its parent")
        try FileManager.default.createDirectory(atPath: root + "/other/README.d", withIntermediateDirectories: true)
        #expect(problem(root + "/other") == "store \(root)/other: no sealed/, cache/ or update/ in it")
        // A symlink to a store is a store (where the disk is mounted).
        #expect(symlink(root + "/store", root + "/link") == 0)
        #expect(problem(root + "/link") == nil)
        // Every store is checked, not only the first.
        #expect(throws: StoreProblem.self) { try StoreCheck.validate([root + "/store", root + "/missing"]) }
    }

    @Test func anAbsentMinerIsNamedWithWhatTheStoresHold() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = StoreGenerator(store: root + "/store", content: .random(seed: 1))
        for number in 1...4 { try store.sector(SectorID(miner: MinerID(1000), number: UInt64(number)), size: .kib2) }
        try store.sector(SectorID(miner: MinerID(1001), number: 7), size: .kib2, snapUpgraded: true)
        #expect(StoreCheck.census([root + "/store", root + "/store/"]) == [MinerID(1000): 4, MinerID(1001): 1])
        #expect(StoreCheck.noSectors(of: MinerID(1000), in: [root + "/store"]) == nil)
        #expect(StoreCheck.noSectors(of: MinerID(9999), in: [root + "/store"])?.description
            == "no sectors of t09999 in these stores (found: t01000 ×4, t01001 ×1)")
        try FileManager.default.createDirectory(atPath: root + "/empty/sealed", withIntermediateDirectories: true)
        #expect(StoreCheck.noSectors(of: MinerID(9999), in: [root + "/empty"])?.description == "no sectors of t09999 in these stores (found: none)")
    }
}
