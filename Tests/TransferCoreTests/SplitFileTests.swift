import Foundation
import Synchronization
import Testing
@testable import TransferCore
import TransferHash
import TransferIO

/// One large file copied by several rings at once (`SplitShare`): the witness is which worker
/// thread claimed each segment, and the group's peak streams; the outcome must be the same file,
/// the same whole-file digest, and the same safety as a copy on one ring.
// Each test takes seconds; a regression in the feed's locking is a hang, which the limit ends.
@Suite(.tags(.fast), .timeLimit(.minutes(3))) struct SplitFileTests {
    private static let chunk = 64 << 10

    /// Small chunks and segments, so a few MiB split over two workers; a move must copy.
    static func options(mode: TransferMode, io: IOBackendKind) -> TransferOptions {
        var options = TransferOptions(mode: mode)
        options.io = io
        options.chunkSize = chunk
        options.memoryBudget = 4 << 20
        options.splitSegment = 512 << 10
        options.streamsPerDevice = 2
        options.smallFile = 0
        options.jobs = 2
        // One scratch file system: a clone or a rename would skip the copy under test.
        options.reflink = .never
        if mode == .move { options.namespaceFaults = NamespaceFaultPlan(seed: 0, crossDevice: true) }
        return options
    }

    /// The seam that makes two workers take part, with no timing: the lead holds its first
    /// segment until another thread has claimed the second (120 s only guards against a hang).
    static func holdTheLeadUntilAHelperJoins() -> @Sendable (TransferItem, Int) -> Void {
        let secondClaimed = DispatchSemaphore(value: 0)
        return { _, segment in
            if segment == 1 { secondClaimed.signal() }
            if segment == 0 { _ = secondClaimed.wait(timeout: .now() + 120) }
        }
    }

    /// Runs src → dst; returns the outcome and the `streams` summaries the engine reported.
    static func run(_ scratch: Scratch, _ options: TransferOptions) throws -> (TransferSession.Outcome, [StreamGroupSummary]) {
        let plan = TransferPlanner.plan(sources: [scratch.sub("src")], destination: scratch.sub("dst"))
        let session = try TransferSession(plan: plan, options: options, journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        let streams = Mutex([StreamGroupSummary]())
        let outcome = try session.run(recheck: false) { event in
            if case .streams(let groups) = event { streams.withLock { $0 += groups } }
        }
        return (outcome, streams.withLock { $0 })
    }

    private static func run(_ scratch: Scratch, mode: TransferMode = .copy, io: IOBackendKind = .uring,
                            configure: (inout TransferOptions) -> Void = { _ in }) throws -> (TransferSession.Outcome, [StreamGroupSummary]) {
        var options = options(mode: mode, io: io)
        configure(&options)
        return try run(scratch, options)
    }

    /// The lead holds its first segment until another worker has claimed the second: the file
    /// is then provably copied by two threads, each with its own ring, with no timing involved.
    @Test(arguments: [IOBackendKind.uring, .posix]) func aLargeFileIsCopiedByTwoWorkersAtOnce(io: IOBackendKind) throws {
        let scratch = Scratch()
        let bytes = scratch.file("src/sealed", size: 3 << 20 + 12_345, seed: 7)
        let claims = Mutex([Int: UInt]())
        let hold = Self.holdTheLeadUntilAHelperJoins()
        let (outcome, streams) = try Self.run(scratch, io: io) {
            $0.segmentClaimed = { item, segment in
                claims.withLock { $0[segment] = UInt(pthread_self()) }
                hold(item, segment)
            }
        }
        let result = try #require(outcome.results.first)
        #expect(result.succeeded, "\(result.failure ?? "")")
        #expect(result.digest == XXH128Hasher.hash(bytes), "the recorded digest is the whole file's")
        #expect(scratch.read("dst/sealed").map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes))
        let threads = claims.withLock { $0 }
        #expect(threads.count == 7, "every segment claimed once: \(threads)")
        #expect(threads[0] != threads[1], "segments 0 and 1 were claimed by one thread: \(threads)")
        #expect(streams.contains { $0.peakReaders == 2 }, "two streams read the one file: \(streams)")
        #expect(streams.allSatisfy { $0.peakReaders <= 2 && $0.peakWriters <= 2 })
    }

    @Test func aMoveBySegmentsRemovesTheSourceOnlyAfterTheWholeFileVerified() throws {
        let scratch = Scratch()
        let bytes = scratch.file("src/sealed", size: 2 << 20, seed: 3)
        let (outcome, _) = try Self.run(scratch, mode: .move)
        #expect(outcome.results.allSatisfy { $0.succeeded })
        #expect(outcome.results.first?.digest == XXH128Hasher.hash(bytes))
        #expect(!FileManager.default.fileExists(atPath: scratch.sub("src/sealed")))
        #expect(scratch.read("dst/sealed").map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes))
    }

    /// A byte flipped in the synced destination: the segment it is in is named, the file fails
    /// as a mismatch, the source stays, and nothing sits under the final name.
    @Test func aCorruptSegmentFailsTheFileAndKeepsTheSource() throws {
        let scratch = Scratch()
        let bytes = scratch.file("src/sealed", size: 2 << 20, seed: 5)
        let (outcome, _) = try Self.run(scratch, mode: .move) { $0.corruptAfterSync = "sealed" }
        let result = try #require(outcome.results.first)
        #expect(result.failureKind == .mismatch)
        // `corrupt` flips the byte at size / 2: the third of four 512 KiB segments.
        #expect(result.failure?.contains("bytes 1048576..<1572864") == true, "\(result.failure ?? "")")
        #expect(scratch.read("src/sealed").map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes))
        #expect(!FileManager.default.fileExists(atPath: scratch.sub("dst/sealed")))
        #expect((try? FileSystem.listDirectory(scratch.sub("dst/.ferry/staging")))?.isEmpty ?? true)
    }

    @Test func noSplitWhenADeviceCarriesOneStreamOrNothingIsVerified() throws {
        for configure: (inout TransferOptions) -> Void in [{ $0.streamsPerDevice = 1 }, { $0.verify = false }, { $0.splitSegment = 0 }] {
            let scratch = Scratch()
            let bytes = scratch.file("src/sealed", size: 2 << 20, seed: 9)
            let claims = Mutex(0)
            let (outcome, _) = try Self.run(scratch) {
                configure(&$0)
                $0.segmentClaimed = { _, _ in claims.withLock { $0 += 1 } }
            }
            #expect(outcome.results.first?.digest == XXH128Hasher.hash(bytes))
            #expect(claims.withLock { $0 } == 0)
        }
    }

    /// A split file declined as it would start (its export path filled up) is handed out under
    /// the feed's lock: closing its share there must not wake the workers through that lock.
    @Test func aDeclinedSplitFileEndsFailedAndTheRunGoesOn() throws {
        let scratch = Scratch()
        let kept = scratch.file("src/sealed", size: 2 << 20, seed: 21)
        let moved = scratch.file("src/other", size: 2 << 20, seed: 22)
        let (outcome, _) = try Self.run(scratch, mode: .move) {
            $0.decline = { $0.source.hasSuffix("/sealed") ? "its path is full" : nil }
        }
        let byName = Dictionary(uniqueKeysWithValues: outcome.results.map { (FileSystem.baseName(of: $0.item.source), $0) })
        #expect(byName["sealed"]?.failureKind == .declined)
        #expect(byName["other"]?.succeeded == true)
        #expect(scratch.read("src/sealed").map(XXH128Hasher.hash) == XXH128Hasher.hash(kept))
        #expect(scratch.read("dst/other").map(XXH128Hasher.hash) == XXH128Hasher.hash(moved))
    }

    /// Short transfers, EAGAIN and shuffled completions on every worker's ring, over many seeds
    /// and several split files beside small ones: every file arrives whole.
    @Test func survivesTheSimulatorsFaultsAcrossSegments() throws {
        let scratch = Scratch()
        var originals: [String: [UInt8]] = [:]
        for (i, size) in [2 << 20, 1_700_001, 70_000, 3 << 20 + 1].enumerated() {
            originals["f\(i)"] = scratch.file("src/f\(i)", size: size, seed: UInt64(i))
        }
        for seed in UInt64(1)...24 {
            let destination = scratch.sub("dst")
            let plan = FaultPlan(seed: seed, shortTransfer: 0.3, tryAgain: 0.2, reorder: true)
            let (outcome, _) = try Self.run(scratch, io: .simulated(plan)) { $0.jobs = 2 + Int(seed % 3) }
            #expect(outcome.failed == 0, "seed \(seed): \(outcome.results.compactMap(\.failure))")
            for (name, bytes) in originals {
                #expect(scratch.read("dst/\(name)").map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes), "seed \(seed) \(name)")
            }
            try FileManager.default.removeItem(atPath: destination)
        }
    }

    /// An I/O error at one operation of one ring, wherever it falls (a lead's segment, a
    /// helper's, the verify pass): at most that file fails, its source is intact, and no partial
    /// file sits under the final name or in staging.
    @Test(arguments: [Errno.ioError, Errno.noSpace]) func anErrorInAnySegmentLosesNothing(error: Errno) throws {
        let scratch = Scratch()
        let bytes = scratch.file("src/sealed", size: 2 << 20 + 100, seed: 11)
        for failAt in stride(from: 0, to: 70, by: 3) {
            let plan = FaultPlan(seed: UInt64(failAt), failAt: [failAt: error])
            let (outcome, _) = try Self.run(scratch, mode: .move, io: .simulated(plan))
            let result = try #require(outcome.results.first)
            if result.succeeded {
                #expect(scratch.read("dst/sealed").map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes), "failAt \(failAt)")
                // A move removes the emptied source directory; the next round needs the file back.
                try FileSystem.makeDirectories(scratch.sub("src"))
                try FileManager.default.moveItem(atPath: scratch.sub("dst/sealed"), toPath: scratch.sub("src/sealed"))
            } else {
                #expect(result.failure?.contains(error.description) == true, "failAt \(failAt): \(result.failure ?? "")")
                #expect(scratch.read("src/sealed").map(XXH128Hasher.hash) == XXH128Hasher.hash(bytes), "failAt \(failAt): source damaged")
                #expect(!FileManager.default.fileExists(atPath: scratch.sub("dst/sealed")), "failAt \(failAt): partial file under its name")
            }
            #expect((try? FileSystem.listDirectory(scratch.sub("dst/.ferry/staging")))?.isEmpty ?? true, "failAt \(failAt): staging left behind")
            try? FileManager.default.removeItem(atPath: scratch.sub("dst"))
        }
    }
}

/// A worker whose ring fails ends; the run must still end, whichever part the worker had.
// A regression here is a hang, not a failure: the limit turns it into one (the test takes seconds).
@Suite(.tags(.fast), .timeLimit(.minutes(3))) struct SplitWorkerDeathTests {
    /// Both workers take part in the file (the lead holds its first segment until a helper has
    /// claimed the second), then one worker's ring fails at its first or second submission (each
    /// participant makes at least two: a segment's reads, then its writes): a dead helper
    /// must not leave its lead waiting, nor a dead lead its helper, nor either its stream held.
    /// The run reports the ring's error; the source is whole and nothing is under the final name.
    @Test(arguments: [0, 1], [0, 1]) func aDeadWorkerHoldsNobodyUp(worker: Int, submit: Int) throws {
        let scratch = Scratch()
        let bytes = scratch.file("src/sealed", size: 3 << 20, seed: 13)
        var plan = FaultPlan(seed: 1, failSubmitAt: submit)
        plan.failSubmitWorker = worker
        var options = SplitFileTests.options(mode: .move, io: .simulated(plan))
        options.segmentClaimed = SplitFileTests.holdTheLeadUntilAHelperJoins()
        let planned = TransferPlanner.plan(sources: [scratch.sub("src")], destination: scratch.sub("dst"))
        let session = try TransferSession(plan: planned, options: options, journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        #expect(throws: (any Error).self, "the ring's failure is the run's") { try session.run(recheck: false) { _ in } }
        let atSource = scratch.read("src/sealed").map(XXH128Hasher.hash)
        let atDestination = scratch.read("dst/sealed").map(XXH128Hasher.hash)
        #expect(atSource == XXH128Hasher.hash(bytes) || atDestination == XXH128Hasher.hash(bytes), "the file is lost")
        if let atDestination { #expect(atDestination == XXH128Hasher.hash(bytes), "a partial file under its final name") }
    }
}

/// The scheduler's side of a split: a helper is one more stream on the file's lane.
@Suite(.tags(.fast)) struct SplitSchedulingTests {
    @Test func helpersCountAgainstTheLimitsAndReleaseLikeTheFile() {
        var scheduler = StreamScheduler(lanes: [Lane(source: 0, destination: 1)], sizes: [1 << 30], readLimit: [3, 3], writeLimit: [3, 3])
        #expect(scheduler.take() == 0)
        #expect(scheduler.hasRoom(for: 0))
        scheduler.join(0)
        scheduler.join(0)
        #expect(!scheduler.hasRoom(for: 0), "three streams on a group of limit 3")
        #expect(scheduler.readers[0] == 3 && scheduler.writers[1] == 3 && scheduler.peakReaders[0] == 3)
        for _ in 0..<3 { scheduler.release(0) }
        #expect(scheduler.readers[0] == 0 && scheduler.writers[1] == 0 && scheduler.pending == 0)
    }

    @Test func segmentsCoverTheFileOnceAndEndAfterTheLastClaim() throws {
        let closed = SplitShare(file: 0, size: 5 << 20 + 7, segmentSize: 1 << 20, changed: {})
        #expect(closed.segmentCount == 6)
        #expect(closed.mayOfferWork && !closed.isJoinable, "preparing: workers wait, nobody joins yet")
        closed.closeIfPreparing()  // not copied by segments: nobody may join, nobody waits
        #expect(!closed.join() && !closed.mayOfferWork)

        let scratch = Scratch()
        scratch.file("f", size: 100, seed: 1)
        let file = try OpenFile.openForReading(scratch.sub("f"))
        let size: Int64 = 5 * 1_048_576 + 7
        let share = SplitShare(file: 0, size: size, segmentSize: 1 << 20, changed: {})
        var segments = [share.open(source: file, destination: file)]
        #expect(share.join(), "open with segments left: a helper may join")
        while let next = share.claim() { segments.append(next) }
        #expect(segments.map(\.index) == Array(0..<6))
        #expect(segments.map(\.range.lowerBound) == (0..<6).map { Int64($0) << 20 })
        #expect(segments.last?.range.upperBound == size)
        #expect(!share.isJoinable && !share.join(), "every segment claimed: nobody joins")
        for segment in segments { share.copied(segment, digest: Digest128(high: 0, low: UInt64(segment.index))) }
        #expect(!share.isCopied, "a helper that joined has not left")
        share.leave()
        #expect(share.isCopied && share.isQuiescent)
        share.closeSource()
    }

    @Test func theFirstFailureStopsEveryClaim() throws {
        let scratch = Scratch()
        scratch.file("f", size: 100, seed: 1)
        let file = try OpenFile.openForReading(scratch.sub("f"))
        let share = SplitShare(file: 0, size: 4 << 20, segmentSize: 1 << 20, changed: {})
        _ = share.open(source: file, destination: file)
        share.fail("read failed at offset 0: EIO", errno: .ioError)
        share.fail("a later failure", errno: nil)
        #expect(share.claim() == nil && !share.join())
        #expect(share.failure?.message == "read failed at offset 0: EIO" && share.failure?.errno == .ioError)
        share.closeSource()
    }
}
