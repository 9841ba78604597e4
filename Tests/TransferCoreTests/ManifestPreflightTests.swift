import Foundation
import Testing
import TransferCore

/// Issue 17 item 9: what would make the manifest fail at the end of a run is found before it.
@Suite(.tags(.fast)) struct ManifestPreflightTests {
    private func problem(_ manifest: String, _ destinations: [String]) -> String? {
        do { try Manifest.preflight(manifest, destinations: destinations) } catch { return error.description }
        return nil
    }

    @Test func theManifestsDirectoryMustBeOrHoldEveryDestination() throws {
        let scratch = Scratch()
        let destination = scratch.sub("lotus")
        #expect(problem(scratch.sub("lotus/export.xxh128"), [destination]) == nil, "in the destination itself")
        #expect(problem(scratch.sub("export.xxh128"), [destination]) == nil, "above it")
        #expect(problem(scratch.sub("lotus/sealed/m"), [destination])?.contains("must be in a directory that holds every destination (\(destination) is outside it)") == true)
        #expect(problem(scratch.sub("elsewhere/m"), [destination + "/a", scratch.sub("elsewhere/b")])?.contains("(\(destination)/a is outside it)") == true)
        // A sibling whose name starts like the directory is not inside it.
        #expect(problem(scratch.sub("lot/m"), [scratch.sub("lotus")]) != nil)
    }

    @Test func aDirectoryOrAnUnwritablePlaceIsRefused() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.sub("d/m"), withIntermediateDirectories: true)
        #expect(problem(scratch.sub("d/m"), [scratch.sub("d/x")]) == "--manifest \(scratch.sub("d/m")) is a directory; give a file name")
        scratch.file("file", size: 1)
        #expect(problem(scratch.sub("file/m"), [scratch.sub("file/x")]) == "--manifest \(scratch.sub("file/m")): \(scratch.sub("file")) is not a directory")
        // Not yet there: as writable as the nearest directory that is (the run creates it).
        #expect(problem(scratch.sub("new/deeper/m"), [scratch.sub("new/deeper/x")]) == nil)
    }

    /// Root may write in a 0555 directory, so only another user sees this refusal (the CLI test
    /// ManifestPlacementTests runs ferry as nobody for it).
    @Test(.enabled(if: !Host.isRoot, "root may write in a read-only directory"))
    func anUnwritableDirectoryIsRefused() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.sub("ro"), withIntermediateDirectories: true)
        chmod(scratch.sub("ro"), 0o555)
        defer { chmod(scratch.sub("ro"), 0o755) }
        #expect(problem(scratch.sub("ro/m"), [scratch.sub("ro/x")])?.hasSuffix("cannot write in \(scratch.sub("ro")): Permission denied") == true)
    }
}
