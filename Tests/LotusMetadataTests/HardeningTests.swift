import Foundation
import KVStore
import LotusMetadata
import Testing

private func exportOptions(_ configure: (inout ExportOptions) -> Void = { _ in }) -> ExportOptions {
    var o = ExportOptions(miner: Address(actorID: 1000))
    o.noBackup = true
    configure(&o)
    return o
}

/// Issue 11 item 5: sector numbers from input past lotus' maximum (2^63−1), and the largest valid
/// one, must give errors or work — never trap in Bitfield or on `+ 1`.
@Suite(.tags(.fast)) struct SectorNumberLimitTests {
    @Test func bitfieldsPast2To63DoNotTrap() throws {
        // Range.count is an Int: these trapped in count, jsonRuns, description and RLE+ encode.
        let half = Bitfield(ranges: [0..<(1 << 63)])
        #expect(half.count == 1 << 63)
        #expect(half.jsonRuns == [0, 1 << 63])
        #expect(half.description == "0-9223372036854775807")
        #expect(try RLEPlus.decode(RLEPlus.encode(half)) == half)
        let almostAll = Bitfield(ranges: [0..<UInt64.max])
        #expect(almostAll.count == UInt64.max && almostAll.firstClear == UInt64.max)
        #expect(try RLEPlus.decode(RLEPlus.encode(almostAll)) == almostAll)
        let top = Bitfield([UInt64.max - 1, 5])
        #expect(top.jsonRuns == [5, 1, UInt64.max - 7, 1])
        #expect(try RLEPlus.decode(RLEPlus.encode(top)) == top)
    }

    @Test func manyRunsDecodeToTheSameSet() throws {
        let even = Bitfield(stride(from: UInt64(0), to: 40_000, by: 2))
        #expect(even.ranges.count == 20_000)
        #expect(try RLEPlus.decode(RLEPlus.encode(even)) == even)
    }

    @Test func storedNextIDPastTheLimitIsAnErrorNotATrap() throws {
        for bad in [UInt64(1) << 63, UInt64.max] {
            let repo = try TempRepo(entries: ["/miner-address": Address(actorID: 1000).bytes, "/storage/nextid": Uvarint.encode(bad)])
            let before = try repo.snapshot()
            do {
                _ = try ReadBack.numbers(repo: repo.repo)
                Issue.record("nextid \(bad) was accepted")
            } catch {
                #expect(error.description.contains("/storage/nextid value \(bad) is beyond lotus' largest sector number 9223372036854775807"), "\(error)")
            }
            #expect(throws: ExportError.self) {
                try MetadataExport.run(repo: repo.repo, states: [try loadFixture("cc-1000")], options: exportOptions())
            }
            #expect(try repo.snapshot() == before)
        }
        // The largest valid value: every number is taken, and saying so must not trap.
        let repo = try TempRepo(entries: ["/storage/nextid": Uvarint.encode(SectorNumberLimit.max)])
        let numbers = try ReadBack.numbers(repo: repo.repo)
        #expect(numbers.nextFree == 1 << 63)
        #expect(numbers.effectiveAllocated.jsonRuns == [0, 1 << 63])
        #expect(numbers.lines.first == "Next free: none (every number up to 9223372036854775807 is allocated or reserved)")
    }

    @Test func sectorNumbersPastTheLimitFailTheExport() throws {
        var state = try loadFixture("cc-1000")
        for bad in [UInt64(1) << 63, UInt64.max] {
            state.ID.number = bad
            let repo = try TempRepo()
            let before = try repo.snapshot()
            let report = try MetadataExport.run(repo: repo.repo, states: [state], options: exportOptions())
            #expect(report.failureCount == 1 && !report.written)
            #expect(report.sectors.first?.outcome == .failed)
            #expect(report.sectors.first?.reason == "sector number \(bad) is beyond lotus' largest sector number 9223372036854775807 (abi.MaxSectorNumber)")
            #expect(try repo.snapshot() == before)
        }
    }

    @Test func theLargestValidNumberExports() throws {
        var state = try loadFixture("cc-1000")
        state.ID.number = SectorNumberLimit.max
        let allocated = CBOREncoder.encode(.bytes(RLEPlus.encode(Bitfield(ranges: [0..<3]))))
        for entries in [[:], ["/storage/sectorsids/allocated": allocated]] {
            let repo = try TempRepo(entries: entries)
            let report = try MetadataExport.run(repo: repo.repo, states: [state], options: exportOptions())
            #expect(report.written && report.failureCount == 0)
            #expect(report.humanLines.contains("update next sector number: 9223372036854775807"))
            let snap = try repo.snapshot()
            #expect(snap["/storage/nextid"] == Uvarint.encode(SectorNumberLimit.max))
            #expect(try SectorInfo(cborBytes: try #require(snap["/sectors/9223372036854775807"])).sectorNumber == SectorNumberLimit.max)
            if entries.isEmpty { continue }
            let merged = try ReadBack.numbers(repo: repo.repo).allocated
            #expect(merged == Bitfield(ranges: [0..<3, SectorNumberLimit.max..<(1 << 63)]))
        }
    }

    @Test func nextNumberPastTheLimitIsRefused() throws {
        let cc = try loadFixture("cc-1000")
        for bad in [UInt64(1) << 63, UInt64.max] {
            for only in [false, true] {
                let repo = try TempRepo(entries: ["/storage/nextid": Uvarint.encode(7)])
                let before = try repo.snapshot()
                do {
                    _ = try MetadataExport.run(repo: repo.repo, states: only ? [] : [cc],
                                               options: exportOptions { $0.nextNumber = bad; $0.onlyNextNumber = only })
                    Issue.record("--next-number \(bad) was accepted")
                } catch {
                    #expect(error.description.contains("--next-number \(bad) is beyond lotus' largest sector number"), "\(error)")
                }
                #expect(try repo.snapshot() == before)
            }
        }
    }
}

/// Issue 11 item 12: records lotus cannot use must be reported, never counted as fine.
@Suite(.tags(.fast)) struct ExistingRecordTests {
    @Test func anUndecodableRecordFailsItsSectorUnlessOverridden() throws {
        let repo = try TempRepo(entries: ["/miner-address": Address(actorID: 1000).bytes, "/sectors/1000": [0xFF, 0x00]])
        let before = try repo.snapshot()
        let states = [try loadFixture("cc-1000"), try loadFixture("ddo-1002")]
        let strict = try MetadataExport.run(repo: repo.repo, states: states, options: exportOptions { $0.allOrNothing = true })
        #expect(strict.sectors.first { $0.number == 1000 }?.outcome == .undecodable)
        #expect(strict.failureCount == 1 && !strict.written)
        #expect(strict.humanLines.contains { $0.hasPrefix("sector 1000: /sectors/1000 exists but lotus cannot decode it") && $0.contains("--override") })
        #expect(strict.humanLines.last == "nothing written (--all-or-nothing): fix the failures above (the datastore is unchanged)")
        #expect(try repo.snapshot() == before)

        // Without --all-or-nothing the other sector is written; the undecodable record stays and fails.
        let partial = try MetadataExport.run(repo: repo.repo, states: states, options: exportOptions())
        #expect(partial.failureCount == 1 && partial.written)
        #expect(try repo.snapshot()["/sectors/1000"] == [0xFF, 0x00])
        #expect(try repo.snapshot()["/sectors/1002"] != nil)

        let fixed = try MetadataExport.run(repo: repo.repo, states: states, options: exportOptions { $0.override = true })
        #expect(fixed.written && fixed.failureCount == 0)
        #expect(fixed.sectors.first { $0.number == 1000 }?.notes.contains { $0.hasPrefix("replaces the undecodable record at /sectors/1000") } == true)
        let record = try #require(try repo.snapshot()["/sectors/1000"])
        #expect(try SectorInfo(cborBytes: record) == (try SectorMapping(loadFixture("cc-1000")).info))
    }

    @Test func readBackReportsKeysLotusNeverWrites() throws {
        let record = try SectorMapping(loadFixture("cc-1000")).info.encoded()  // SectorNumber 1000
        let keys = ["/sectors/1000", "/sectors/abc", "/sectors/01000", "/sectors/+1000", "/sectors/", "/sectors/999",
                    "/sectors/9223372036854775808", "/sectors/99999999999999999999"]
        var entries = ["/miner-address": Address(actorID: 1000).bytes]
        for key in keys { entries[key] = record }
        let repo = try TempRepo(entries: entries)
        let records = try ReadBack.sectors(repo: repo.repo)
        let problems = Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.keyProblem ?? "") })
        #expect(problems.count == keys.count)
        #expect(problems["/sectors/1000"] == "")
        for key in ["/sectors/abc", "/sectors/01000", "/sectors/+1000", "/sectors/"] {
            #expect(problems[key]?.hasPrefix("not a sector number key") == true, "\(key)")
        }
        #expect(problems["/sectors/999"] == "the record says SectorNumber 1000, but it is stored under sector 999")
        for key in ["/sectors/9223372036854775808", "/sectors/99999999999999999999"] {
            #expect(problems[key]?.contains("beyond lotus' largest sector number") == true, "\(key)")
        }
    }
}
