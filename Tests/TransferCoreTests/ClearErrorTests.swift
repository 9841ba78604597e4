import Foundation
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Issue 11, item 13: messages that name the right thing, and manifests as `xxh128sum -c` reads them.
@Suite(.tags(.fast)) struct ClearErrorTests {
    @Test(arguments: [IOBackendKind.uring, .posix])
    func aSourceThatVanishedAfterPlanningIsNamed(io: IOBackendKind) throws {
        let scratch = Scratch()
        scratch.file("src/gone", size: 5000)
        scratch.file("src/stays", size: 10)
        var options = TransferOptions(mode: .copy)
        options.io = io
        let plan = TransferPlanner.plan(sources: [scratch.sub("src")], destination: scratch.sub("dst"))
        try FileManager.default.removeItem(atPath: scratch.sub("src/gone"))
        let session = try TransferSession(plan: plan, options: options, journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        let outcome = try session.run(recheck: false) { _ in }
        let failure = try #require(outcome.results.first { $0.item.source.hasSuffix("gone") }?.failure)
        #expect(failure.contains("the source \(scratch.sub("src/gone")) is gone"), "\(failure)")
        #expect(!failure.contains("destination"), "\(failure)")
        #expect(scratch.read("dst/stays")?.count == 10)
    }

    @Test func manifestsInEveryFormXXH128SumAccepts() throws {
        let scratch = Scratch()
        let a = XXH128Hasher.hash([1, 2, 3]).hex, b = XXH128Hasher.hash([4]).hex, c = XXH128Hasher.hash([5]).hex
        let text = "\(a)  plain\r\n\(b) *binary marker\n\\\(c)  back\\\\slash\\nnewline\n"
        _ = FileManager.default.createFile(atPath: scratch.sub("m.xxh"), contents: Data(text.utf8))
        let entries = try Manifest.read(scratch.sub("m.xxh"))
        #expect(entries.map(\.path) == ["plain", "binary marker", "back\\slash\nnewline"].map { scratch.sub($0) })
        #expect(entries.map(\.digest.hex) == [a, b, c])
    }

    @Test(arguments: ["abc  x", "\(String(repeating: "0", count: 32)) x", "\(String(repeating: "0", count: 32))  ", "\\\(String(repeating: "0", count: 32))  bad\\q"])
    func malformedManifestLinesAreRefusedWithTheirLine(_ line: String) throws {
        let scratch = Scratch()
        _ = FileManager.default.createFile(atPath: scratch.sub("m.xxh"), contents: Data((line + "\n").utf8))
        #expect(throws: (any Error).self) { try Manifest.read(scratch.sub("m.xxh")) }
    }
}
