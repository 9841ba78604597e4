import Foundation
@testable import SectorExport
import SectorStore
import Testing
import TransferCore
import TransferIO

/// The README's guarantee, in-process: a sector's sources go only once every file of it is
/// committed (and, with --check, its copy proved); a sector with one failed file keeps them all.
@Suite(.tags(.fast)) struct SectorSourceRemoverTests {
    let root = "/var/tmp/ferry-remover-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let miner = MinerID(1000)

    /// Two sectors of a generated store, planned into `dest`, and a move session over them.
    private func setUp() throws -> (plan: SectorExportPlan, session: TransferSession) {
        let store = StoreGenerator(store: root + "/store", content: .random(seed: 7))
        for number: UInt64 in [1, 2] { try store.sector(SectorID(miner: miner, number: number), size: .kib2) }
        let scan = StoreScanner.scan(stores: [root + "/store"], miner: miner)
        let plan = SectorExportPlan(scan: scan, destination: root + "/dest", withSectorKey: false, allowIncomplete: false)
        var options = TransferOptions(mode: .move)
        options.deferSourceRemoval = true
        let transfer = TransferPlan(items: plan.items, directories: plan.directories, destinationRoot: root + "/dest",
                                    sources: [root + "/store"], destination: root + "/dest")
        let session = try TransferSession(plan: transfer, options: options, journalPath: root + "/dest/.ferry/journal", reset: false) { _ in }
        return (plan, session)
    }

    /// What a verified copy of the item reports (the remover only reads the result).
    private func copied(_ item: TransferItem, failure: String? = nil) -> FileResult {
        FileResult(item: item, method: failure == nil ? .copy : nil, digest: nil, seconds: 0, failure: failure)
    }

    private func sourcesLeft(_ sector: SectorExportPlan.Sector) -> Int {
        sector.items.filter { FileSystem.exists($0.source) }.count
    }

    @Test func sourcesGoOnlyOnceTheWholeSectorIsCommitted() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (plan, session) = try setUp()
        defer { session.journal.close() }
        let remover = SectorSourceRemover(sectors: plan.sectors, session: session)
        let whole = plan.sectors[0], broken = plan.sectors[1]
        #expect(whole.items.count > 1)
        for item in whole.items.dropLast() { remover.finished(copied(item), sector: whole.id.number) }
        #expect(remover.finish().isEmpty)
        #expect(sourcesLeft(whole) == whole.items.count, "no source goes before the sector's last file is committed")
        remover.finished(copied(whole.items.last!), sector: whole.id.number)
        for (index, item) in broken.items.enumerated() {
            remover.finished(copied(item, failure: index == 0 ? "read failed" : nil), sector: broken.id.number)
        }
        #expect(remover.finish().isEmpty)
        #expect(sourcesLeft(whole) == 0)
        #expect(sourcesLeft(broken) == broken.items.count, "a sector with a failed file keeps every source")
        session.journal.close()
        let rows = try JournalReader.records(at: root + "/dest/.ferry/journal")
        #expect(whole.items.allSatisfy { rows[$0.source]?.state == .sourceRemoved })
    }

    @Test func aFailedCheckKeepsTheSourcesAndSaysWhy() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (plan, session) = try setUp()
        defer { session.journal.close() }
        let refused = plan.sectors[0].id.number
        let remover = SectorSourceRemover(sectors: plan.sectors, session: session) { $0 == refused ? "the check failed" : nil }
        for sector in plan.sectors {
            for item in sector.items { remover.finished(copied(item), sector: sector.id.number) }
        }
        let failures = remover.finish()
        #expect(failures == [refused: ["check": "the check failed; its sources were kept"]])
        #expect(sourcesLeft(plan.sectors[0]) == plan.sectors[0].items.count)
        #expect(sourcesLeft(plan.sectors[1]) == 0)
    }

    @Test func aSourceReplacedAfterItsCopyIsKept() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (plan, session) = try setUp()
        defer { session.journal.close() }
        let sector = plan.sectors[0]
        let replaced = sector.items[0].source
        try FileSystem.unlink(replaced)
        _ = FileManager.default.createFile(atPath: replaced, contents: Data("other".utf8))
        let remover = SectorSourceRemover(sectors: [sector], session: session)
        for item in sector.items { remover.finished(copied(item), sector: sector.id.number) }
        let failures = remover.finish()
        #expect(failures[sector.id.number]?[replaced]?.contains("the source was replaced") == true)
        #expect(FileSystem.exists(replaced))
    }
}
