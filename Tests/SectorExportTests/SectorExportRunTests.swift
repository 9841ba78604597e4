import Foundation
import SectorExport
import SectorStore
import Synchronization
import Testing
import TransferCore
import TransferIO

/// `SectorExport.run` in-process: the events a CLI renders, and what is on disk after.
@Suite(.tags(.fast)) struct SectorExportRunTests {
    let root = "/var/tmp/ferry-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let miner = MinerID(1000)

    private func request(numbers: SectorSelection? = nil, dryRun: Bool = false) throws -> SectorExportRequest {
        let store = StoreGenerator(store: root + "/store", content: .random(seed: 3))
        for number: UInt64 in [1, 2] where !FileSystem.exists(root + "/store/sealed/s-t01000-\(number)") {
            try store.sector(SectorID(miner: miner, number: number), size: .kib2)
        }
        let scan = StoreScanner.scan(stores: [root + "/store"], miner: miner, numbers: numbers)
        let plan = SectorExportPlan(scan: scan, destination: root + "/dest", withSectorKey: false, allowIncomplete: false)
        var request = SectorExportRequest(plan: plan, scan: scan, miner: miner, numbers: numbers, sources: [root + "/store"],
                                          destination: root + "/dest", reserve: false, options: TransferOptions(mode: .move),
                                          throttle: Throttle.Settings())
        request.dryRun = dryRun
        return request
    }

    /// Runs the export, collecting its events.
    private func run(_ request: SectorExportRequest) throws -> (SectorExportOutcome, [SectorExportEvent]) {
        let events = Mutex<[SectorExportEvent]>([])
        let outcome = try SectorExport.run(request) { event in events.withLock { $0.append(event) } }
        return (outcome, events.withLock { $0 })
    }

    @Test func aMoveCommitsEachSectorWholeAndSummarizes() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (outcome, events) = try run(try request())
        #expect(outcome.succeeded)
        let committed = events.compactMap { if case .sectorCommitted(let number, _) = $0 { number } else { nil } }
        #expect(committed.sorted() == [1, 2])
        guard case .summary(let summary)? = events.last else { Issue.record("no summary last: \(events.last.map { "\($0)" } ?? "none")"); return }
        #expect(summary.failedSectors == 0 && summary.total == 2)
        #expect(FileSystem.exists(root + "/dest/sealed/s-t01000-1") && !FileSystem.exists(root + "/store/sealed/s-t01000-1"))
    }

    @Test func aClashRefusesTheSectorWholeBeforeAnyRename() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let request = try request()
        try FileSystem.makeDirectories(root + "/dest/sealed")
        _ = FileManager.default.createFile(atPath: root + "/dest/sealed/s-t01000-2", contents: Data("not this sector".utf8))
        let (outcome, events) = try run(request)
        #expect(!outcome.succeeded && outcome.failedSectors == 1)
        let failed = events.compactMap { if case .sectorFailed(let number, let failure) = $0 { (number, failure) } else { nil } }
        #expect(failed.count == 1 && failed.first?.0 == 2)
        if case .refused(let reason)? = failed.first?.1 { #expect(reason.contains("none of this sector's files were moved")) }
        else { Issue.record("not a refusal: \(failed)") }
        #expect(request.plan.sectors[1].items.allSatisfy { FileSystem.exists($0.source) }, "the clashing sector's sources are all in place")
        #expect(!FileSystem.exists(root + "/store/sealed/s-t01000-1"), "the other sector moved")
    }

    @Test func aDryRunPlansChangesNothingAndReportsAMissingNumber() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (outcome, events) = try run(try request(numbers: [1, 9], dryRun: true))
        #expect(outcome.failedSectors == 1, "sector 9 is not in the stores")
        #expect(events.contains { if case .sectorFailed(9, .notFound(let who)) = $0 { who == miner } else { false } })
        #expect(events.contains { if case .planned(let sector, .rename) = $0 { sector.id.number == 1 } else { false } })
        guard case .dryRunSummary(let summary)? = events.last else { Issue.record("no dry-run summary"); return }
        #expect(summary.sectors == 1 && summary.refused == 1)
        #expect(!FileSystem.exists(root + "/dest") && FileSystem.exists(root + "/store/sealed/s-t01000-1"))
    }

    @Test func aMinerTheStoresNeverHeldIsRefusedBeforeAnythingIsCreated() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = try request()
        request.miner = MinerID(4242)
        request.scan = StoreScanner.scan(stores: [root + "/store"], miner: request.miner)
        request.plan = SectorExportPlan(scan: request.scan, destination: root + "/dest", withSectorKey: false, allowIncomplete: false)
        #expect(throws: SectorExportError.self) { _ = try run(request) }
        #expect(!FileSystem.exists(root + "/dest"))
    }
}
