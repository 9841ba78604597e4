import Foundation
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Regressions from the engine review, in-process: the planner's clash refusal and the journal's
/// resume are TransferCore behaviour (they ran through the ferry binary before; the CLI adds
/// nothing to them but its exit status).
@Suite(.tags(.fast)) struct EngineReviewRegressionTests {
    @Test(arguments: realBackends)
    func twoSourcesWithOneDestinationAreBothRefused(io: IOBackendKind) throws {
        let dir = TempDir()
        let a = dir.write("a/f", size: 4, seed: 1)
        let b = dir.write("b/f", size: 6, seed: 2)
        try FileManager.default.createDirectory(atPath: dir.sub("D"), withIntermediateDirectories: true)
        let outcome = try Run.transfer([dir.sub("a/f"), dir.sub("b/f")], to: dir.sub("D/"), mode: .move, io: io) { $0.overwrite = true }
        #expect(outcome.failed == 2, "both refused: \(outcome.problems)")
        #expect(outcome.problems.count == 2 && outcome.problems.allSatisfy { $0.message.contains("also the destination of") }, "\(outcome.problems)")
        #expect(dir.digest("a/f") == a && dir.digest("b/f") == b, "both sources kept")
        #expect(dir.digest("D/f") == nil)
    }

    /// A finished run's journal stays in DEST/.ferry; a new file under a name it committed is
    /// moved by the next run, not skipped as already done.
    @Test(arguments: realBackends)
    func aNewFileUnderAFinishedRunsNameIsMoved(io: IOBackendKind) throws {
        let dir = TempDir()
        _ = dir.write("src/a", size: 1000, seed: 1)
        _ = dir.write("src/keep", size: 10, seed: 3)
        try FileManager.default.createDirectory(atPath: dir.sub("dst"), withIntermediateDirectories: true)
        let first = try Run.transfer([dir.sub("src/")], to: dir.sub("dst"), mode: .move, io: io)
        #expect(first.failed == 0)
        // DEST existed, so (as with cp -r) the tree landed in dst/src.
        try FileManager.default.removeItem(atPath: dir.sub("dst/src/a"))
        let fresh = dir.write("src/a", size: 2000, seed: 2)
        let again = try Run.transfer([dir.sub("src/")], to: dir.sub("dst"), mode: .move, io: io)
        #expect(again.failed == 0, "\(again.results.compactMap(\.failure)) \(again.problems)")
        #expect(dir.digest("dst/src/a") == fresh)
        #expect(!dir.exists("src/a"))
    }
}
