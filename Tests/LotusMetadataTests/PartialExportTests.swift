import Foundation
import KVStore
import LotusMetadata
import Testing

private func fixture(_ name: String, number: UInt64? = nil, _ edit: (inout DamoclesSectorState) -> Void = { _ in }) throws -> DamoclesSectorState {
    var state = try loadFixture(name)
    if let number { state.ID.number = number }
    edit(&state)
    return state
}

private func options(_ configure: (inout ExportOptions) -> Void = { _ in }) -> ExportOptions {
    var o = ExportOptions(miner: Address(actorID: 1000))
    configure(&o)
    return o
}

/// Issue 15 item 1: one bad sector no longer blocks the rest; every number damocles knows is used.
@Suite(.tags(.fast)) struct PartialExportTests {
    @Test func oneFailingSectorLeavesTheOthersWrittenAfterTheBackup() throws {
        let repo = try TempRepo(entries: ["/miner-address": Address(actorID: 1000).bytes, "/storage/nextid": Uvarint.encode(5)])
        let bad = try fixture("ddo-1002") { $0.Pre?.CommD = JSONCID("bafy-broken") }
        let states = try ["cc-1000", "builtin-deal-1001", "snapped-1003"].map { try fixture($0) } + [bad]
        let report = try MetadataExport.run(repo: repo.repo, states: states, options: options())
        #expect(report.failureCount == 1 && report.written)
        #expect(report.writtenKeys == ["/sectors/1000", "/sectors/1001", "/sectors/1003", "/storage/nextid"])
        let lines = report.humanLines
        #expect(lines.contains { $0.hasPrefix("sector 1002 to sector info err: Pre.CommD") })
        #expect(lines.contains("export failure counts: 1"))
        #expect(lines.last == "wrote 4 keys in one atomic batch; the 1 failed sector(s) above were not written")
        let snap = try repo.snapshot()
        #expect(snap["/sectors/1002"] == nil && snap["/sectors/1003"] != nil)
        #expect(snap["/storage/nextid"] == Uvarint.encode(1003), "the failed 1002 counts too, the largest is 1003")
        // The backup is the datastore before the write.
        let backup = try KVDatabase(path: try #require(report.backup), options: { var o = KVOptions(); o.createIfMissing = false; return o }())
        #expect(try backup.get(Array("/sectors/1000".utf8)) == nil)
    }

    @Test func everyNumberDamoclesKnowsIsAllocatedWhateverItsFate() throws {
        let allocated = CBOREncoder.encode(.bytes(RLEPlus.encode(Bitfield(ranges: [0..<3]))))
        let repo = try TempRepo(entries: ["/miner-address": Address(actorID: 1000).bytes, "/storage/sectorsids/allocated": allocated,
                                          "/storage/nextid": Uvarint.encode(2)])
        let states = [
            try fixture("cc-1000"),                                                       // exported
            try fixture("cc-1000", number: 1002) { $0.Pre?.CommD = JSONCID("bafy-broken") },  // failed
            try fixture("cc-1000", number: 1005) { $0.Removed = true },                    // skipped
            try fixture("cc-1000", number: 1006) { $0.AbortReason = "PC1 failed" },        // skipped
            try fixture("cc-1000", number: 1007) { $0.NeedRebuild = true },                // skipped
            try fixture("cc-1000", number: 1010),                                          // not selected
            try fixture("cc-1000", number: 4000) { $0.ID.miner = 2000 },                   // another miner
        ]
        let report = try MetadataExport.run(repo: repo.repo, states: states,
                                            options: options { $0.noBackup = true; $0.numbers = [1000, 1002, 1005, 1006, 1007] })
        #expect(report.written && report.failureCount == 1)
        #expect(report.writtenKeys == ["/sectors/1000", "/storage/nextid", "/storage/sectorsids/allocated"])
        #expect(report.numbersCounted == 6)
        #expect(report.sectors.map(\.number) == [1000, 1002, 1005, 1006, 1007], "1010 is not selected, so not listed")
        let numbers = try ReadBack.numbers(repo: repo.repo)
        #expect(numbers.allocated == Bitfield([0, 1, 2, 1000, 1002, 1005, 1006, 1007, 1010]))
        #expect(numbers.nextID == 1010)
        #expect(report.humanLines.contains { $0.hasPrefix("sector numbers counted as used: 6 ") })
    }

    @Test func numbersDamoclesDoesNotKnowFail() throws {
        let repo = try TempRepo()
        let report = try MetadataExport.run(repo: repo.repo, states: [try fixture("cc-1000")],
                                            options: options { $0.noBackup = true; $0.numbers = [1000, 4242] })
        #expect(report.failureCount == 1 && report.written)
        #expect(report.sectors.last?.reason == "--numbers 4242: damocles has no state for sector 4242 of f01000")
        #expect(try repo.snapshot()["/sectors/1000"] != nil)
    }

    @Test func dryRunSaysWhatAllOrNothingWouldDo() throws {
        let repo = try TempRepo()
        let before = try repo.snapshot()
        let bad = try fixture("ddo-1002") { $0.Pre?.CommD = JSONCID("bafy-broken") }
        let strict = try MetadataExport.run(repo: repo.repo, states: [try fixture("cc-1000"), bad], options: options { $0.dryRun = true; $0.allOrNothing = true })
        #expect(strict.humanLines.last == "dry run: --all-or-nothing would write nothing (1 failed)")
        let partial = try MetadataExport.run(repo: repo.repo, states: [try fixture("cc-1000"), bad], options: options { $0.dryRun = true })
        #expect(partial.humanLines.last == "dry run: would write 2 keys: /sectors/1000 /storage/nextid")
        #expect(try repo.snapshot() == before)
    }

    @Test func everySectorFailingWritesOnlyTheNumbers() throws {
        let repo = try TempRepo()
        let bad = try fixture("cc-1000") { $0.Pre?.CommD = JSONCID("bafy-broken") }
        let report = try MetadataExport.run(repo: repo.repo, states: [bad], options: options { $0.noBackup = true })
        #expect(report.failureCount == 1 && report.writtenKeys == ["/storage/nextid"] && report.written)
        #expect(try repo.snapshot()["/storage/nextid"] == Uvarint.encode(1000))
    }
}
