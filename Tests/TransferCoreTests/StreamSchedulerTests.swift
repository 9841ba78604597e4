import Foundation
import Synchronization
import Testing
@testable import TransferCore
import TransferIO

/// The scheduler alone, in memory: limits, order, readiness.
@Suite struct StreamSchedulerTests {
    /// Four source groups (0–3) with 4, 3, 2, 1 files of one size, two destinations (4, 5).
    private func unequal(readLimit: Int = 1, writeLimit: Int = 4) -> StreamScheduler {
        var lanes: [Lane] = []
        for (source, count) in [(3, 1), (0, 4), (2, 2), (1, 3)] {
            for i in 0..<count { lanes.append(Lane(source: source, destination: 4 + i % 2)) }
        }
        return StreamScheduler(lanes: lanes, sizes: Array(repeating: 100, count: lanes.count),
                               readLimit: Array(repeating: readLimit, count: 6), writeLimit: Array(repeating: writeLimit, count: 6))
    }

    @Test func theSourceWithTheMostBytesLeftStartsFirstAndEveryGroupGetsAStream() {
        var scheduler = unequal()
        let lanes = StreamSchedulerTests.lanesOfUnequal
        let first = scheduler.take()!
        #expect(lanes[first].source == 0, "source 0 holds the most bytes")
        let next = (0..<3).map { _ in scheduler.take()! }
        #expect(Set(([first] + next).map { lanes[$0].source }) == [0, 1, 2, 3], "one stream on every source group")
        #expect(scheduler.take() == nil, "every source group is at its limit of one")
    }

    @Test func aReleasedStreamGoesToTheGroupWithTheMostLeft() {
        var scheduler = unequal()
        let lanes = StreamSchedulerTests.lanesOfUnequal
        let open = (0..<4).map { _ in scheduler.take()! }
        // Source 3 (one file) and source 0 (four) end their first stream: 0 has 3 left, 3 none.
        for index in open where [0, 3].contains(lanes[index].source) { scheduler.release(index) }
        #expect(lanes[scheduler.take()!].source == 0)
        #expect(scheduler.take() == nil, "source 3 has nothing left; the others are busy")
    }

    @Test func destinationsBalanceByWriters() {
        var scheduler = StreamScheduler(lanes: [Lane(source: 0, destination: 1), Lane(source: 0, destination: 1), Lane(source: 0, destination: 2)],
                                        sizes: [1, 1, 1], readLimit: [2, 1, 1], writeLimit: [1, 2, 2])
        let first = scheduler.take()!
        let second = scheduler.take()!
        #expect([first, second].sorted() == [0, 2], "the second stream goes to the idle destination, not behind the first")
    }

    @Test func aFileThatIsNotReadyHoldsOnlyItsOwnLane() {
        var scheduler = StreamScheduler(lanes: [Lane(source: 0, destination: 2), Lane(source: 0, destination: 2), Lane(source: 1, destination: 2)],
                                        sizes: [10, 10, 1], readLimit: [1, 1, 3], writeLimit: [1, 1, 3])
        #expect(scheduler.take { $0 != 0 } == 2, "file 0 waits; file 1 stays behind it; source 1 goes on")
        #expect(scheduler.take { $0 != 0 } == nil)
        #expect(scheduler.take() == 0)
    }

    /// Random take/release sequences: no group ever runs over its limit on either side, every
    /// file is handed out exactly once, and nothing is left while streams are free.
    @Test(arguments: 0..<40) func limitsHoldOverRandomRuns(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let groups = 2 + Int(random.next() % 5)
        let count = 1 + Int(random.next() % 60)
        let lanes = (0..<count).map { _ in Lane(source: Int(random.next() % UInt64(groups)), destination: Int(random.next() % UInt64(groups))) }
        let reads = (0..<groups).map { _ in 1 + Int(random.next() % 3) }
        let writes = (0..<groups).map { _ in 1 + Int(random.next() % 3) }
        var scheduler = StreamScheduler(lanes: lanes, sizes: (0..<count).map { _ in Int64(random.next() % 1000) }, readLimit: reads, writeLimit: writes)
        var open: [Int] = [], started = Set<Int>()
        while started.count < count || !open.isEmpty {
            if random.next() % 3 != 0, let index = scheduler.take() {
                #expect(started.insert(index).inserted, "file \(index) handed out twice")
                open.append(index)
            } else if !open.isEmpty {
                scheduler.release(open.remove(at: Int(random.next() % UInt64(open.count))))
            } else {
                let index = scheduler.take()
                #expect(index != nil, "work left, no stream open, yet nothing starts")
                guard let index else { break }
                started.insert(index)
                open.append(index)
            }
            for group in 0..<groups {
                #expect(scheduler.readers[group] <= reads[group] && scheduler.writers[group] <= writes[group])
            }
        }
        #expect(scheduler.pending == 0)
        #expect(zip(scheduler.peakReaders, reads).allSatisfy { $0 <= $1 } && zip(scheduler.peakWriters, writes).allSatisfy { $0 <= $1 })
    }

    @Test func smallFilesRunBesideABusyStream() {
        var scheduler = StreamScheduler(lanes: Array(repeating: Lane(source: 0, destination: 1), count: 5), sizes: [4, 100, 100, 5, 6],
                                        readLimit: [1, 1], writeLimit: [1, 1], smallBelow: 10)
        #expect(scheduler.take() == 0, "a small file first in the plan goes first")
        #expect(scheduler.take() == 1, "then the large file streams")
        #expect(scheduler.take() == 3 && scheduler.take() == 4, "small files start while the one stream is busy")
        #expect(scheduler.take() == nil, "the second large file waits for the stream")
        scheduler.release(3)
        #expect(scheduler.readers == [1, 0], "a small file holds no stream")
        scheduler.release(1)
        #expect(scheduler.take() == 2)
    }

    @Test func defaultLimitsFollowRotationAndTheFlagOverridesThem() {
        let limits = StreamLimits(forced: nil, sourceGroups: 4)
        #expect(limits.reads(rotational: true) == 1)
        #expect(limits.reads(rotational: false) == StreamLimits.flashStreams)
        #expect(limits.reads(rotational: nil) == StreamLimits.flashStreams)
        #expect(limits.writes(rotational: true) == 4, "a destination takes one stream per source group")
        let forced = StreamLimits(forced: 2, sourceGroups: 4)
        #expect(forced.reads(rotational: true) == 2 && forced.writes(rotational: false) == 2)
    }

    static let lanesOfUnequal: [Lane] = {
        var lanes: [Lane] = []
        for (source, count) in [(3, 1), (0, 4), (2, 2), (1, 3)] {
            for i in 0..<count { lanes.append(Lane(source: source, destination: 4 + i % 2)) }
        }
        return lanes
    }()
}

/// The scheduler inside the engine, on real files: what the workers do, observed from outside.
@Suite struct StreamEngineTests {
    /// Sources open at once, counted by the moment hook between "source opened" and "copied"
    /// (the scheduler's own counters are not the witness): never above --streams-per-device.
    @Test(arguments: [1, 2]) func noMoreStreamsOnAGroupThanItsLimit(limit: Int) throws {
        let scratch = Scratch()
        for i in 0..<24 { scratch.file("src/f\(i)", size: 40_000 + i * 1000, seed: UInt64(i)) }
        let open = Mutex((now: 0, most: 0))
        let outcome = try Run.transfer([scratch.sub("src")], to: scratch.sub("dst"), mode: .copy, io: .uring) {
            $0.streamsPerDevice = limit
            $0.smallFile = 0
            $0.momentHook = { moment, _ in
                open.withLock { state in
                    if moment == .sourceOpened { state.now += 1; state.most = max(state.most, state.now) }
                    if moment == .copied { state.now -= 1 }
                }
            }
        }
        #expect(outcome.results.count == 24 && outcome.results.allSatisfy { $0.succeeded })
        #expect(open.withLock { $0.most } <= limit, "\(open.withLock { $0.most }) sources open at once, limit \(limit)")
    }

    /// One stream: the next file's copy starts while the previous one is still being synced and
    /// re-read, so the source never idles during verification.
    @Test func theNextFileStreamsWhileThePreviousIsVerified() throws {
        let scratch = Scratch()
        for i in 0..<4 { scratch.file("src/f\(i)", size: 1 << 20, seed: UInt64(i)) }
        let moments = Mutex([String]())
        let outcome = try Run.transfer([scratch.sub("src")], to: scratch.sub("dst"), mode: .copy, io: .uring) {
            $0.streamsPerDevice = 1
            $0.smallFile = 0
            $0.momentHook = { moment, item in moments.withLock { $0.append("\(moment.rawValue) \(FileSystem.baseName(of: item.source))") } }
        }
        #expect(outcome.results.allSatisfy { $0.succeeded })
        let log = moments.withLock { $0 }
        for i in 0..<3 {
            let verified = try #require(log.firstIndex(of: "verified f\(i)"))
            let nextOpened = try #require(log.firstIndex(of: "source-opened f\(i + 1)"))
            #expect(nextOpened < verified, "f\(i + 1) waited for f\(i)'s verification: \(log)")
        }
    }

    @Test func aDeclinedFileEndsFailedAndUntouched() throws {
        let scratch = Scratch()
        scratch.file("src/keep", size: 5000, seed: 1)
        scratch.file("src/skip", size: 5000, seed: 2)
        let outcome = try Run.transfer([scratch.sub("src")], to: scratch.sub("dst"), mode: .move, io: .posix) {
            $0.decline = { $0.source.hasSuffix("/skip") ? "its path is full" : nil }
        }
        let byName = Dictionary(uniqueKeysWithValues: outcome.results.map { (FileSystem.baseName(of: $0.item.source), $0) })
        #expect(byName["keep"]?.succeeded == true)
        #expect(byName["skip"]?.failure == "its path is full" && byName["skip"]?.failureKind == .declined)
        #expect(FileManager.default.fileExists(atPath: scratch.sub("src/skip")), "a declined move leaves its source")
        #expect(!FileManager.default.fileExists(atPath: scratch.sub("dst/skip")))
    }
}
