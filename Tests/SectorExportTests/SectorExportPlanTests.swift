import Foundation
import SectorExport
import SectorStore
import Testing
@testable import TransferCore
import TransferIO

/// What an export leaves behind (a snapped sector's key) and what an earlier run finished.
@Suite(.tags(.fast)) struct SectorExportPlanTests {
    let root = "/var/tmp/ferry-exportplan-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    @Test func aSnappedSectorsKeyLeftInTheStoreIsMeasured() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = StoreGenerator(store: root + "/store", content: .random(seed: 1))
        try store.sector(SectorID(miner: MinerID(1000), number: 1), size: .kib2)
        try store.sector(SectorID(miner: MinerID(1000), number: 4), size: .kib2, snapUpgraded: true)
        let scan = StoreScanner.scan(stores: [root + "/store"])
        let key = try #require(scan.sectors.first { $0.id.number == 4 }?.sealed)
        let plan = SectorExportPlan(scan: scan, destination: root + "/lotus", withSectorKey: false, allowIncomplete: false)
        let left = plan.sectorKeysLeft(scan: scan, withSectorKey: false)
        #expect(left == [4: SectorKeyLeft(number: 4, store: root + "/store", bytes: key.bytes)])
        #expect(key.bytes == 2048 + key.cacheFiles.reduce(0) { $0 + $1.status.size } && key.cacheFiles.count == 3)
        let withKey = SectorExportPlan(scan: scan, destination: root + "/lotus", withSectorKey: true, allowIncomplete: false)
        #expect(withKey.sectorKeysLeft(scan: scan, withSectorKey: true).isEmpty)
        #expect(withKey.sectors.first { $0.id.number == 4 }?.items.contains { $0.destination == root + "/lotus/sealed/s-t01000-4" } == true)
    }

    @Test func onlyFinishedRowsWithTheirDestinationInPlaceAreAlreadyExported() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = StoreGenerator(store: root + "/store", content: .random(seed: 1))
        try store.sector(SectorID(miner: MinerID(1000), number: 1), size: .kib2)
        try store.sector(SectorID(miner: MinerID(1000), number: 2), size: .kib2)
        let scan = StoreScanner.scan(stores: [root + "/store"])
        let plan = SectorExportPlan(scan: scan, destination: root + "/lotus", withSectorKey: false, allowIncomplete: false)
        var records: [String: JournalRecord] = [:]
        for item in plan.items {
            try FileManager.default.createDirectory(atPath: FileSystem.parentDirectory(of: item.destination), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: item.source, toPath: item.destination)
            records[item.source] = JournalRecord(item: item, state: .committed, method: .copy, digest: nil, failure: nil, operation: .copy)
        }
        let miner = MinerID(1000)
        #expect(plan.alreadyExported(records, miner: miner, numbers: nil) == [1, 2])
        #expect(plan.alreadyExported(records, miner: miner, numbers: [2]) == [1, 2], "the plan's own sectors; --numbers already chose them")
        // A move's committed row still owes the source's removal: not finished.
        let one = plan.sectors[0].items[0]
        records[one.source]?.operation = .move
        #expect(plan.alreadyExported(records, miner: miner, numbers: nil) == [2])
        records[one.source]?.operation = .copy
        // A destination removed or changed since is not "already exported".
        let two = plan.sectors[1].items[0]
        try Data(count: 7).write(to: URL(fileURLWithPath: two.destination))
        #expect(plan.alreadyExported(records, miner: miner, numbers: nil) == [1])
        #expect(plan.alreadyExported([:], miner: miner, numbers: nil).isEmpty)
    }

    @Test func aSectorAMoveTookWholeIsAlreadyExportedFromItsRowsAlone() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try StoreGenerator(store: root + "/store", content: .random(seed: 1)).sector(SectorID(miner: MinerID(1000), number: 3), size: .kib2)
        let before = SectorExportPlan(scan: StoreScanner.scan(stores: [root + "/store"]), destination: root + "/lotus", withSectorKey: false, allowIncomplete: false)
        var records: [String: JournalRecord] = [:]
        for item in before.items {
            try FileManager.default.createDirectory(atPath: FileSystem.parentDirectory(of: item.destination), withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: item.source, toPath: item.destination)
            records[item.source] = JournalRecord(item: item, state: .sourceRemoved, method: .rename, digest: nil, failure: nil, operation: .move)
        }
        // Killed before the emptied cache directory went: the scan calls it incomplete, the
        // journal resumes it, and every row is finished.
        var killed = SectorExportPlan(scan: StoreScanner.scan(stores: [root + "/store"]), destination: root + "/lotus", withSectorKey: false, allowIncomplete: false)
        #expect(killed.sectors.first?.refusal != nil)
        killed.resumeInterrupted(records, miner: MinerID(1000), numbers: nil, withSectorKey: false)
        #expect(killed.alreadyExported(records, miner: MinerID(1000), numbers: nil) == [3])
        try FileManager.default.removeItem(atPath: root + "/store/cache/s-t01000-3")
        let after = SectorExportPlan(scan: StoreScanner.scan(stores: [root + "/store"]), destination: root + "/lotus", withSectorKey: false, allowIncomplete: false)
        #expect(after.sectors.isEmpty)
        #expect(after.alreadyExported(records, miner: MinerID(1000), numbers: nil) == [3])
        #expect(after.alreadyExported(records, miner: MinerID(1000), numbers: [4]).isEmpty)
        #expect(after.alreadyExported(records, miner: MinerID(1001), numbers: nil).isEmpty)
        try FileManager.default.removeItem(atPath: root + "/lotus/sealed/s-t01000-3")
        #expect(after.alreadyExported(records, miner: MinerID(1000), numbers: nil).isEmpty)
    }
}
