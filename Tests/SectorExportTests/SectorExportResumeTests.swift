import Foundation
import SectorExport
import SectorStore
import Synchronization
import Testing
import TransferCore
import TransferIO

/// A sector some of whose files a move already took scans as incomplete; the journal of that
/// run still knows all of them, and the next run resumes it instead of refusing it.
@Suite(.tags(.fast)) struct SectorExportResumeTests {
    let root = "/var/tmp/ferry-resume-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let miner = MinerID(1000)

    private func request() -> SectorExportRequest {
        let scan = StoreScanner.scan(stores: [root + "/store"], miner: miner)
        let plan = SectorExportPlan(scan: scan, destination: root + "/dest", withSectorKey: false, allowIncomplete: false)
        var options = TransferOptions(mode: .move)
        // Past the clash check, so the obstacle below fails one file after the others were renamed.
        options.overwrite = true
        return SectorExportRequest(plan: plan, scan: scan, miner: miner, numbers: nil, sources: [root + "/store"],
                                   destination: root + "/dest", reserve: false, options: options, throttle: Throttle.Settings())
    }

    @Test func aPartlyMovedSectorResumesFromTheJournal() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try StoreGenerator(store: root + "/store", content: .random(seed: 5)).sector(SectorID(miner: miner, number: 1), size: .kib2)
        let first = request()
        let files = first.plan.sectors[0].items.count
        let obstacle = root + "/dest/cache/s-t01000-1/p_aux"
        try FileSystem.makeDirectories(obstacle)
        _ = FileManager.default.createFile(atPath: obstacle + "/keep", contents: Data())
        #expect(try !SectorExport.run(first) { _ in }.succeeded)
        let stranded = first.plan.sectors[0].items.filter { FileSystem.exists($0.source) }.count
        #expect(stranded == 1, "only the blocked file stays in the store")

        let second = request()
        #expect(second.plan.sectors.first?.refusal?.hasPrefix("incomplete") == true, "the scan alone refuses it")
        var resumed = second.plan
        let numbers = resumed.resumeInterrupted(try JournalReader.records(at: root + "/dest/.ferry/journal"), miner: miner,
                                                numbers: nil, withSectorKey: false)
        #expect(numbers == [1])
        #expect(resumed.sectors.first?.refusal == nil && resumed.sectors.first?.items.count == files)

        try FileManager.default.removeItem(atPath: obstacle)
        let events = Mutex<[SectorExportEvent]>([])
        let outcome = try SectorExport.run(second) { event in events.withLock { $0.append(event) } }
        #expect(outcome.succeeded)
        #expect(first.plan.sectors[0].items.allSatisfy { !FileSystem.exists($0.source) && FileSystem.exists($0.destination) })
        #expect(!FileSystem.exists(root + "/store/cache/s-t01000-1"), "the emptied cache directory goes too")
        #expect(events.withLock { $0 }.contains { if case .sectorExported(let sector) = $0 { sector.id.number == 1 } else { false } })
    }
}
