import Foundation
import Testing
import TransferCore
import TransferIO

/// What a journal says about an earlier run, in-process: the CLI tests run the same cases
/// (`ferry copy SRC NEWDIR` twice, a live duplicate) through the binary.
@Suite(.tags(.fast)) struct EarlierRunTests {
    private func journal(at path: String, _ identity: RunIdentity) throws -> Journal {
        try Journal(path: path, identity: identity, reset: false) { _ in }
    }

    @Test func aRerunOfTheCommandThatCreatedDestKeepsItsPlanShape() throws {
        let dir = TempDir()
        _ = dir.file("src/a", size: 10)
        let (src, dest) = (dir.sub("src"), dir.sub("new"))
        #expect(EarlierRun.intoDirectory(operation: .copy, sources: [src], destinationArgument: dest, journal: nil) == nil)
        try journal(at: dir.sub(".ferry/journal"), RunIdentity(operation: "copy", sources: [src], destination: dest)).close()
        #expect(EarlierRun.intoDirectory(operation: .copy, sources: [src], destinationArgument: dest, journal: nil) == false)
        // Another command's finished run, a trailing `/`, or several sources: decide like `cp -r`.
        #expect(EarlierRun.intoDirectory(operation: .move, sources: [src], destinationArgument: dest, journal: nil) == nil)
        #expect(EarlierRun.intoDirectory(operation: .copy, sources: [src], destinationArgument: dest + "/", journal: nil) == nil)
        #expect(EarlierRun.intoDirectory(operation: .copy, sources: [src, src], destinationArgument: dest, journal: nil) == nil)
    }

    @Test func aLiveRunOfTheSameTransferIsADuplicate() throws {
        let dir = TempDir()
        _ = dir.file("src/a", size: 10)
        let plan = TransferPlanner.plan(sources: [dir.sub("src")], destination: dir.sub("dst/"))
        let path = dir.sub("dst/.ferry/journal")
        #expect(EarlierRun.duplicate(of: plan, operation: .copy, destinationArgument: dir.sub("dst/"), journal: path) == nil)
        let held = try journal(at: path, RunIdentity(operation: "copy", sources: plan.sources, destination: plan.destination))
        defer { held.close() }
        var progress = ProgressFile(command: ["copy"], operation: "copy", destination: FileSystem.absolute(dir.sub("dst/")), unit: "file")
        progress.sources = plan.sources
        try progress.write(to: ProgressFile.path(journal: path))
        let duplicate = try #require(EarlierRun.duplicate(of: plan, operation: .copy, destinationArgument: dir.sub("dst/"), journal: path))
        #expect(duplicate.pid == getpid() && duplicate.journal == path)
        #expect(EarlierRun.duplicate(of: plan, operation: .move, destinationArgument: dir.sub("dst/"), journal: path) == nil)
    }
}
