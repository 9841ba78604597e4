import Foundation
import SectorStore
import Testing
import TransferIO

@Suite(.tags(.fast)) struct StoreScannerTests {
    let root = "/var/tmp/ferry-scan-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    @Test func namesParseOnlyInLotusCanonicalForm() {
        #expect(SectorID(fileName: "s-t01000-3") == SectorID(miner: MinerID(1000), number: 3))
        for bad in [".s-t01000-3.tmp", "s-t01000-3.tmp", "s-f01000-3", "s-t01000-03", "s-t0-3", "README", "s-t01000-", "s-t01000-3-1"] {
            #expect(SectorID(fileName: bad) == nil, "\(bad)")
        }
        #expect(MinerID(parsing: "f01000") == MinerID(1000))
        #expect(MinerID(parsing: "t01000") == MinerID(1000))
        #expect(MinerID(parsing: "1000") == MinerID(1000))
        #expect(MinerID(parsing: "f1000") == nil)
        #expect(SectorSize.gib32.treeRLastFiles.count == 8 && SectorSize.gib64.treeRLastFiles.count == 16)
        #expect(SectorSize.mib512.treeRLastFiles.map(\.size) == [1_198_368])
    }

    @Test func scanGroupsFilesAndSaysWhatIsWrong() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = StoreGenerator(store: root + "/store", content: .random(seed: 1))
        let m1000 = MinerID(1000), m1001 = MinerID(1001)
        try store.sector(SectorID(miner: m1000, number: 1), size: .mib8)
        try store.sector(SectorID(miner: m1000, number: 2), size: .kib2)
        try store.sector(SectorID(miner: m1000, number: 3), size: .kib2, snapUpgraded: true)
        try store.sector(SectorID(miner: m1001, number: 1), size: .kib2)
        try store.sector(SectorID(miner: m1000, number: 4), size: .kib2)
        try store.sector(SectorID(miner: m1000, number: 5), size: .kib2)
        try FileManager.default.removeItem(atPath: root + "/store/cache/s-t01000-2/p_aux")
        try Data(count: 33).write(to: URL(fileURLWithPath: root + "/store/cache/s-t01000-4/sc-02-data-tree-r-last.dat"))
        symlink("/etc/passwd", root + "/store/cache/s-t01000-5/extra")
        _ = FileManager.default.createFile(atPath: root + "/store/sealed/.s-t01000-3.tmp", contents: Data())
        _ = FileManager.default.createFile(atPath: root + "/store/cache/README", contents: Data())
        let scan = StoreScanner.scan(stores: [root + "/store"])
        let byName = Dictionary(uniqueKeysWithValues: scan.sectors.map { ($0.id.fileName, $0) })
        #expect(byName.count == 6)
        #expect(byName["s-t01000-1"]?.isComplete == true && byName["s-t01000-1"]?.size == .mib8)
        #expect(byName["s-t01000-2"]?.live?.problems == ["cache/s-t01000-2/p_aux is missing"])
        #expect(byName["s-t01000-3"]?.isSnapUpgraded == true && byName["s-t01000-3"]?.isComplete == true)
        #expect(byName["s-t01000-4"]?.live?.problems.first?.contains("33 bytes, 32 expected") == true)
        #expect(byName["s-t01000-5"]?.live?.problems.first?.contains("symbolic link") == true)
        #expect(Set(scan.foreign.map { FileSystem.baseName(of: $0.path) }) == [".s-t01000-3.tmp", "README"])
        let only = StoreScanner.scan(stores: [root + "/store"], miner: m1001)
        #expect(only.sectors.map(\.id) == [SectorID(miner: m1001, number: 1)])
        let picked = StoreScanner.scan(stores: [root + "/store"], miner: m1000, numbers: [1, 3])
        #expect(picked.sectors.map(\.id.number) == [1, 3])
    }

    @Test func aSectorMaySpanTwoStoresButNotAppearTwice() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let id = SectorID(miner: MinerID(7), number: 9)
        try StoreGenerator(store: root + "/a", content: .random(seed: 1)).sector(id, size: .kib2)
        try FileManager.default.createDirectory(atPath: root + "/b/cache", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: root + "/a/cache/s-t07-9", toPath: root + "/b/cache/s-t07-9")
        #expect(StoreScanner.scan(stores: [root + "/a", root + "/b"]).sectors.first?.isComplete == true)
        try StoreGenerator(store: root + "/c", content: .random(seed: 2)).sector(id, size: .kib2)
        let twice = StoreScanner.scan(stores: [root + "/a", root + "/b", root + "/c"]).sectors.first
        #expect(twice?.isComplete == false)
        #expect(twice?.live?.problems.contains { $0.contains("in two stores") } == true)
    }

    /// `--src X --src X` (or `X` and `X/`, a symlink to X, a bind mount of X) names one store:
    /// scanned once, its sectors are complete, not "in two stores".
    @Test func theSameStoreGivenTwiceIsScannedOnce() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let id = SectorID(miner: MinerID(7), number: 9)
        try StoreGenerator(store: root + "/a", content: .random(seed: 1)).sector(id, size: .kib2)
        _ = FileManager.default.createFile(atPath: root + "/a/cache/README", contents: Data())
        #expect(symlink(root + "/a", root + "/link") == 0)
        let spellings = [root + "/a", root + "/a", root + "/a/", root + "/x/../a", root + "/link"]
        #expect(StoreScanner.distinct(spellings) == [root + "/a"])
        let scan = StoreScanner.scan(stores: spellings)
        #expect(scan.sectors.count == 1)
        #expect(scan.sectors.first?.isComplete == true, "\(scan.sectors.first?.live?.problems ?? [])")
        #expect(scan.foreign.count == 1)
        // Two different stores stay two, and a missing one is kept (it simply holds nothing).
        try StoreGenerator(store: root + "/b", content: .random(seed: 2)).sector(SectorID(miner: MinerID(7), number: 10), size: .kib2)
        #expect(StoreScanner.distinct([root + "/a", root + "/b", root + "/missing", root + "/missing/"]) == [root + "/a", root + "/b", root + "/missing"])
    }
}
