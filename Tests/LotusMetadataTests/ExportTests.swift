import Foundation
import KVStore
import LotusMetadata
import Testing

private func states(_ names: String...) throws -> [DamoclesSectorState] {
    try names.map { try loadFixture($0) }
}

private func options(_ configure: (inout ExportOptions) -> Void = { _ in }) -> ExportOptions {
    var o = ExportOptions(miner: Address(actorID: 1000))
    configure(&o)
    return o
}

@Suite(.tags(.fast)) struct ExportTests {
    @Test func writesSectorsAndNextIDInOneBatchWithBackup() throws {
        let repo = try TempRepo(entries: ["/miner-address": Address(actorID: 1000).bytes, "/storage/nextid": Uvarint.encode(5)])
        let report = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000", "builtin-deal-1001", "ddo-1002", "snapped-1003"), options: options())
        #expect(report.failureCount == 0 && report.written)
        #expect(report.writtenKeys == ["/sectors/1000", "/sectors/1001", "/sectors/1002", "/sectors/1003", "/storage/nextid"])
        let snap = try repo.snapshot()
        #expect(snap["/storage/nextid"] == Uvarint.encode(1003))
        let info = try SectorInfo(cborBytes: try #require(snap["/sectors/1002"]))
        #expect(info == (try SectorMapping(loadFixture("ddo-1002")).info))
        #expect(report.humanLines.contains("export failure counts: 0"))
        #expect(report.humanLines.contains("update next sector number: 1003"))
        // The backup is a readable copy of the datastore as it was before the write.
        let backup = try #require(report.backup)
        #expect(backup.hasPrefix(repo.path + "/ferry-backup/"))
        let copy = try KVDatabase(path: backup, options: { var o = KVOptions(); o.createIfMissing = false; return o }())
        #expect(try copy.get(Array("/storage/nextid".utf8)) == Uvarint.encode(5))
        #expect(try copy.get(Array("/sectors/1000".utf8)) == nil)
    }

    @Test func existingKeysAreSkippedUnlessOverride() throws {
        let repo = try TempRepo(entries: ["/sectors/1000": [0xA0]])
        let report = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000", "ddo-1002"), options: options { $0.noBackup = true })
        #expect(report.sectors.first { $0.number == 1000 }?.outcome == .skipped)
        #expect(try repo.snapshot()["/sectors/1000"] == [0xA0])
        #expect(report.backup == nil)
        let again = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000"), options: options { $0.override = true; $0.noBackup = true })
        #expect(again.written)
        #expect(try repo.snapshot()["/sectors/1000"] == (try SectorMapping(loadFixture("cc-1000")).info.encoded()))
    }

    @Test func nextIDIsNeverLoweredAndNotZeroedWhenEverythingExists() throws {
        let repo = try TempRepo(entries: ["/storage/nextid": Uvarint.encode(5000)])
        let report = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000"), options: options { $0.noBackup = true })
        #expect(report.nextSectorNumber == 5000)
        #expect(try repo.snapshot()["/storage/nextid"] == Uvarint.encode(5000))
        #expect(!report.writtenKeys.contains("/storage/nextid"))
        // Re-running when every sector exists: damocles would write 0.
        let rerun = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000"), options: options { $0.noBackup = true })
        #expect(rerun.writtenKeys.isEmpty && !rerun.written)
        #expect(try repo.snapshot()["/storage/nextid"] == Uvarint.encode(5000))
    }

    @Test func nextNumberFlagWinsWhenLarger() throws {
        let repo = try TempRepo()
        let report = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000"), options: options { $0.nextNumber = 2000; $0.noBackup = true })
        #expect(report.humanLines.contains("next sector number: 2000"))
        #expect(try repo.snapshot()["/storage/nextid"] == Uvarint.encode(2000))
    }

    @Test func onlyNextNumberWritesNoSector() throws {
        let repo = try TempRepo(entries: ["/storage/nextid": Uvarint.encode(10)])
        let report = try MetadataExport.run(repo: repo.repo, states: [], options: options { $0.nextNumber = 777; $0.onlyNextNumber = true; $0.noBackup = true })
        #expect(report.writtenKeys == ["/storage/nextid"])
        let snap = try repo.snapshot()
        #expect(snap["/storage/nextid"] == Uvarint.encode(777))
        #expect(!snap.keys.contains { $0.hasPrefix("/sectors/") })
    }

    @Test func allocatedBitfieldGetsEveryUsedNumber() throws {
        let allocated = CBOREncoder.encode(.bytes(RLEPlus.encode(Bitfield(ranges: [0..<3]))))
        let repo = try TempRepo(entries: ["/storage/sectorsids/allocated": allocated, "/storage/nextid": Uvarint.encode(2)])
        let report = try MetadataExport.run(
            repo: repo.repo, states: try states("cc-1000", "snapped-1003", "legacy-900"), options: options { $0.nextNumber = 20; $0.noBackup = true })
        #expect(report.written)
        let numbers = try ReadBack.numbers(repo: repo.repo)
        // 0…20 from --next-number, and every damocles number, even the skipped 900.
        #expect(numbers.allocated == Bitfield(ranges: [0..<21, 900..<901, 1000..<1001, 1003..<1004]))
        #expect(numbers.nextFree == 21)
        #expect(numbers.nextID == 1003)
    }

    @Test func allOrNothingWritesNothingOnAFailure() throws {
        let repo = try TempRepo()
        let before = try repo.snapshot()
        var bad = try loadFixture("ddo-1002")
        bad.Pre?.CommD = JSONCID("bafy-broken")
        let report = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000") + [bad], options: options { $0.allOrNothing = true })
        #expect(report.failureCount == 1 && !report.written && report.backup == nil)
        #expect(report.humanLines.contains("export failure counts: 1"))
        #expect(report.humanLines.contains { $0.hasPrefix("sector 1002 to sector info err: Pre.CommD") })
        #expect(try repo.snapshot() == before)
    }

    @Test func dryRunWritesNothing() throws {
        let repo = try TempRepo()
        let before = try repo.snapshot()
        let report = try MetadataExport.run(repo: repo.repo, states: try states("cc-1000"), options: options { $0.dryRun = true })
        #expect(report.writtenKeys == ["/sectors/1000", "/storage/nextid"] && !report.written)
        #expect(try repo.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/ferry-backup"))
    }

    @Test func wrongMinerIsRefused() throws {
        let repo = try TempRepo(entries: ["/miner-address": Address(actorID: 2000).bytes])
        let before = try repo.snapshot()
        #expect(throws: ExportError.self) { try MetadataExport.run(repo: repo.repo, states: try states("cc-1000"), options: options()) }
        #expect(try repo.snapshot() == before)
    }

    @Test func otherMinersSectorsAreIgnored() throws {
        let repo = try TempRepo(entries: [:])
        var other = try loadFixture("cc-1000")
        other.ID.miner = 2000
        let report = try MetadataExport.run(repo: repo.repo, states: [other], options: options { $0.noBackup = true })
        #expect(report.sectors.isEmpty && report.writtenKeys.isEmpty)
    }

    @Test func missingOrNonLevelDBRepoIsRefusedAndNotCreated() throws {
        let dir = NSTemporaryDirectory() + "ferry-nodb-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: ExportError.self) { try MetadataExport.run(repo: LotusRepo(path: dir), states: [], options: options { $0.nextNumber = 1; $0.onlyNextNumber = true }) }
        #expect(!FileManager.default.fileExists(atPath: dir))
        try FileManager.default.createDirectory(atPath: dir + "/datastore/metadata", withIntermediateDirectories: true)
        try Data("not leveldb".utf8).write(to: URL(fileURLWithPath: dir + "/datastore/metadata/CURRENT"))
        do {
            _ = try MetadataExport.run(repo: LotusRepo(path: dir), states: [], options: options { $0.nextNumber = 1; $0.onlyNextNumber = true })
            Issue.record("exported into a garbage datastore")
        } catch {
            #expect(error.description.contains("LevelDB"))
        }
    }

    @Test func tildeIsExpanded() {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        #expect(LotusRepo(path: "~/.lotusminer").path == home + "/.lotusminer")
        #expect(LotusRepo(path: "/x/~y").path == "/x/~y")
    }
}
