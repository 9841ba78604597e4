import Foundation
import LotusMetadata
import SectorCheck
import SectorProofs
import SectorStore
import Testing

/// `ferry check`'s library on generated valid sectors: they pass, and each corruption of the issue's
/// list is caught with its reason.
@Suite(.tags(.fast)) struct SectorCheckTests {
    @Test func generatedSectorsPass() throws {
        let fixture = CheckFixture()
        let made = try fixture.generate(.kib2, 1..<3)
        try fixture.generate(.mib8, 3..<4)
        try fixture.generate(.kib2, 4..<5, snap: true)
        let reports = fixture.check()
        #expect(reports.map(\.id.number) == [1, 2, 3, 4])
        for report in reports { #expect(report.ok, "\(report.line)") }
        #expect(reports[0].line == "s-t01000-1  2KiB  ok  CommR \(made[0].sealed)  cache 1/1  challenges 1/1")
        #expect(made[0].sealed.hasPrefix("bagboea4b5abc") && made[0].sealed != made[1].sealed)
        #expect(reports[2].line.hasSuffix("  cache 1/1  challenges 16/16"))
        #expect(reports[3].line.contains("snap-upgraded  ok") && reports[3].line.contains("sector key ok"))
        // --full reads every node: one for 2KiB, 512 for 8MiB.
        let full = fixture.check(CheckOptions(full: true))
        #expect(full.allSatisfy { $0.ok } && full[2].live?.full?.nodesOK == 512)
    }

    @Test func sparseShapesOf32And64GiBPass() throws {
        let fixture = CheckFixture()
        try fixture.generate(.gib32, 1..<2, sparse: true)
        try fixture.generate(.gib64, 2..<3, sparse: true)
        let reports = fixture.check(CheckOptions(challenges: 4))
        #expect(reports.count == 2)
        #expect(reports[0].ok && reports[0].line.hasSuffix("cache 8/8  challenges 4/4"), "\(reports[0].line)")
        #expect(reports[1].ok && reports[1].line.hasSuffix("cache 16/16  challenges 4/4"), "\(reports[1].line)")
    }

    @Test func flippedReplicaByteIsCaughtByFullAndByAChallengeOnIt() throws {
        let fixture = CheckFixture()
        try fixture.generate(.mib8, 1..<2)
        try fixture.generate(.kib2, 2..<3)
        try fixture.flipByte("sealed/s-t01000-1", at: 5_000_000)
        try fixture.flipByte("sealed/s-t01000-2", at: 100)
        let full = fixture.check(CheckOptions(full: true))
        #expect(!full[0].ok && full[0].live?.full?.nodesOK == 511)
        // Node 305 covers bytes 4,997,120–5,013,503.
        #expect(full[0].line.contains("sealed/s-t01000-1 bytes 4,997,120–5,013,503 hash to"), "\(full[0].line)")
        #expect(full[0].line.contains("sc-02-data-tree-r-last.dat byte 9,760 (row 3 node 305) holds"))
        // A 2KiB sector has one lowest node, so its one challenge always lands on the damage.
        let sampled = fixture.check()
        #expect(!sampled[1].ok && sampled[1].line.contains("challenges 0/1"), "\(sampled[1].line)")
    }

    @Test func nonCanonicalElementIsNamed() throws {
        let fixture = CheckFixture()
        try fixture.generate(.kib2, 1..<2)
        try fixture.patch("sealed/s-t01000-1", at: 5 * 32, [UInt8](repeating: 0xFF, count: 32))
        let report = fixture.check()[0]
        #expect(!report.ok && report.line.contains("sealed/s-t01000-1 byte 160: not a field element (≥ p)"), "\(report.line)")
    }

    @Test func pAuxSwappedBetweenTwoSectors() throws {
        let fixture = CheckFixture()
        try fixture.generate(.kib2, 1..<3)
        try fixture.swap("cache/s-t01000-1/p_aux", "cache/s-t01000-2/p_aux")
        let reports = fixture.check()
        for report in reports {
            #expect(!report.ok && report.line.contains("p_aux: comm_r_last (bytes 32–63) is"), "\(report.line)")
            #expect(report.line.contains("but the tree-r-last roots combine to"))
        }
    }

    @Test func truncatedOrShiftedTreeFile() throws {
        let fixture = CheckFixture()
        try fixture.generate(.mib8, 1..<3)
        let tree = "cache/s-t01000-1/sc-02-data-tree-r-last.dat"
        fixture.write(tree, Array(fixture.bytes(tree).dropLast(32)))
        let shifted = "cache/s-t01000-2/sc-02-data-tree-r-last.dat"
        fixture.write(shifted, [UInt8](repeating: 0, count: 32) + fixture.bytes(shifted).dropLast(32))
        let reports = fixture.check()
        #expect(reports[0].line.contains("sc-02-data-tree-r-last.dat is 18688 bytes, 18720 expected for 8MiB"), "\(reports[0].line)")
        #expect(!reports[1].ok && reports[1].line.contains("cache 0/1"), "\(reports[1].line)")
        #expect(reports[1].line.contains("sc-02-data-tree-r-last.dat row 4 node 0 (byte 16,384) holds"))
        #expect(reports[1].line.contains("challenges 0/16"))
    }

    @Test func wrongRowsToDiscardInTAux() throws {
        let fixture = CheckFixture()
        try fixture.generate(.mib8, 1..<2)
        var aux = try TemporaryAux(bytes: fixture.bytes("cache/s-t01000-1/t_aux"))
        aux.treeRLast.rowsToDiscard = 3
        fixture.write("cache/s-t01000-1/t_aux", aux.bytes)
        let report = fixture.check()[0]
        #expect(!report.ok && report.line.contains("t_aux: tree_r_last rows_to_discard is 3, but the tree-r-last files are 18,720 bytes, which is rows_to_discard 2"),
                "\(report.line)")
        fixture.write("cache/s-t01000-1/t_aux", Array(aux.bytes.prefix(50)))
        #expect(fixture.check()[0].line.contains("t_aux: cannot decode (bincode TemporaryAux): labels[0].path length at byte 8 is"))
    }

    @Test func commRAgainstTheDamoclesStates() throws {
        let fixture = CheckFixture()
        let states = fixture.root + "/states.json"
        try FileManager.default.createDirectory(atPath: fixture.root, withIntermediateDirectories: true)
        let made = try fixture.generate(.kib2, 1..<3, states: states)
        try fixture.generate(.kib2, 3..<4, snap: true, states: fixture.root + "/snapped.json")
        var truth = try CommRTruth.damocles(path: states)
        #expect(fixture.check(truth: truth, numbers: [1, 2]).allSatisfy { $0.ok })
        let snapTruth = try CommRTruth.damocles(path: fixture.root + "/snapped.json")
        #expect(fixture.check(truth: snapTruth, numbers: [3]).allSatisfy { $0.ok })
        // The state of sector 1 says sector 2's CommR.
        truth.entries[fixture.id(1)]?.sealed = ExpectedCommR(cid: try CID(text: made[1].sealed), source: "damocles state Pre.CommR")
        let report = fixture.check(truth: truth, numbers: [1])[0]
        #expect(!report.ok && report.line.contains("CommR \(made[0].sealed) (H2 of p_aux) differs from \(made[1].sealed) (damocles state Pre.CommR)"))
        // A removed sector is not expected on disk.
        let removed = try String(contentsOfFile: states, encoding: .utf8).replacingOccurrences(of: #""Removed":false"#, with: #""Removed":true"#)
        let removedTruth = CommRTruth.damocles(try SectorStateLoader.parse(Array(removed.utf8), source: "removed"), name: "removed")
        #expect(removedTruth.entries.isEmpty)
        // A sector the states know but no store holds.
        truth.entries[fixture.id(9)] = truth.entries[fixture.id(2)]
        let missing = fixture.check(truth: truth, numbers: [9])
        #expect(missing.count == 1 && missing[0].line == "s-t01000-9  ?  FAILED: no sealed or update file in the stores")
    }

    @Test func snappedSectorWithAnotherSectorsUpdateCache() throws {
        let fixture = CheckFixture()
        try fixture.generate(.kib2, 1..<3, snap: true)
        try fixture.swap("update-cache/s-t01000-1", "update-cache/s-t01000-2")
        let report = fixture.check()[0]
        #expect(!report.ok && report.line.contains("comm_c"), "\(report.line)")
        #expect(report.line.contains("the update cache belongs to another sector"))
        #expect(report.line.contains("challenges 0/1"))
    }
}
