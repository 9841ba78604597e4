/// Which device groups a file's stream reads from and writes to (indices into the run's groups).
public struct Lane: Sendable, Hashable {
    public var source: Int
    public var destination: Int

    public init(source: Int, destination: Int) {
        self.source = source
        self.destination = destination
    }
}

/// Decides which file starts next so that every device group with work left stays busy, never
/// with more than its limit of concurrent streams (reads on a source group, writes on a
/// destination group), and the source group with the most bytes left first, so the busiest
/// disk never waits. Not thread-safe: `StreamFeed` owns it behind a lock.
///
/// A stream is a file while its source is being read (copy pass). It ends when the copy pass
/// ends: the destination's sync and re-read then overlap the next file's copy. A split file
/// (`SplitShare`) may hold several: each helper that `join`s it is one more stream on its lane.
public struct StreamScheduler: Sendable {
    public let readLimit: [Int]
    public let writeLimit: [Int]
    /// Pending files per (source group, destination group), in plan order.
    private var queues: [Lane: Queue] = [:]
    private var bytesLeft: [Int64]
    private var laneOf: [Lane]
    private var sizes: [Int64]
    public private(set) var readers: [Int]
    public private(set) var writers: [Int]
    /// The most streams each group ever had at once, per side: the limits' witness.
    public private(set) var peakReaders: [Int]
    public private(set) var peakWriters: [Int]
    public private(set) var pending: Int
    /// Files below `smallBelow` bytes, in plan order: they run beside the streams (see `init`).
    private var small = Queue()
    private let smallBelow: Int64

    private struct Queue: Sendable {
        var items: [Int] = []
        var head = 0
        var isEmpty: Bool { head >= items.count }
        var first: Int? { isEmpty ? nil : items[head] }
    }

    /// `lanes[i]` and `sizes[i]` belong to file `i`; limits are per group, each at least 1.
    /// A file under `smallBelow` bytes is no stream: it is read in a request or two, so it costs
    /// a disk the same seek whatever runs beside it, and holding it back behind the streams
    /// would turn a tree of small files into one file at a time (latency: open, fsync, rename).
    public init(lanes: [Lane], sizes: [Int64], readLimit: [Int], writeLimit: [Int], smallBelow: Int64 = 0) {
        precondition(lanes.count == sizes.count, "one lane and one size per file")
        precondition(readLimit.count == writeLimit.count, "one limit per group and side")
        precondition(readLimit.allSatisfy { $0 >= 1 } && writeLimit.allSatisfy { $0 >= 1 }, "a limit below 1 would starve a group")
        let groups = readLimit.count
        self.readLimit = readLimit
        self.writeLimit = writeLimit
        self.laneOf = lanes
        self.sizes = sizes
        bytesLeft = Array(repeating: 0, count: groups)
        readers = Array(repeating: 0, count: groups)
        writers = Array(repeating: 0, count: groups)
        peakReaders = readers
        peakWriters = writers
        pending = lanes.count
        self.smallBelow = smallBelow
        for (index, lane) in lanes.enumerated() {
            precondition(lane.source < groups && lane.destination < groups, "a lane names a group that does not exist")
            if sizes[index] < smallBelow {
                small.items.append(index)
                continue
            }
            queues[lane, default: Queue()].items.append(index)
            bytesLeft[lane.source] += sizes[index]
        }
    }

    /// The next file to start, or nil when every group that has work left is at its limit (or
    /// the files that could start are not `ready`). A large file opens a stream on its lane, the
    /// busiest source first; a small file starts when it comes earlier in the plan or when no
    /// stream is free (it fills in beside them).
    public mutating func take(ready: (Int) -> Bool = { _ in true }) -> Int? {
        var lane: Lane?
        for source in sourcesByBytesLeft() where readers[source] < readLimit[source] {
            lane = bestLane(from: source, ready: ready)
            if lane != nil { break }
        }
        let large = lane.map { queues[$0]!.first! }
        if let head = small.first, large == nil || head < large!, ready(head) {
            small.head += 1
            pending -= 1
            return head
        }
        guard let lane, let large else { return nil }
        queues[lane]!.head += 1
        open(large, lane)
        return large
    }

    /// Whether file `index` holds a stream while it is copied (is not small).
    public func opensStream(_ index: Int) -> Bool { sizes[index] >= smallBelow }

    /// Ends the stream of file `index` (its copy pass is over, or it never needed one).
    public mutating func release(_ index: Int) {
        guard opensStream(index) else { return }
        let lane = laneOf[index]
        precondition(readers[lane.source] > 0 && writers[lane.destination] > 0, "release of a stream that was not open")
        readers[lane.source] -= 1
        writers[lane.destination] -= 1
    }

    /// Whether file `index`'s lane can carry one more stream (a split file's helper).
    public func hasRoom(for index: Int) -> Bool {
        let lane = laneOf[index]
        return readers[lane.source] < readLimit[lane.source] && writers[lane.destination] < writeLimit[lane.destination]
    }

    /// Opens one more stream on file `index`'s lane for a helper of the file, already started;
    /// `release(index)` ends it like the file's own.
    public mutating func join(_ index: Int) {
        precondition(opensStream(index) && hasRoom(for: index), "a helper joins only a large file's lane with room")
        openStream(laneOf[index])
    }

    /// True when a file is pending whose lane is free now (ignoring readiness).
    public var hasStartableWork: Bool {
        !small.isEmpty || queues.contains { lane, queue in
            !queue.isEmpty && readers[lane.source] < readLimit[lane.source] && writers[lane.destination] < writeLimit[lane.destination]
        }
    }

    private func sourcesByBytesLeft() -> [Int] {
        bytesLeft.indices.filter { bytesLeft[$0] > 0 || hasPending(source: $0) }
            .sorted { bytesLeft[$0] != bytesLeft[$1] ? bytesLeft[$0] > bytesLeft[$1] : $0 < $1 }
    }

    private func hasPending(source: Int) -> Bool {
        queues.contains { $0.key.source == source && !$0.value.isEmpty }
    }

    /// Among this source's lanes with a free destination and a ready head: the destination with
    /// the fewest writers, then the earliest file in plan order.
    private func bestLane(from source: Int, ready: (Int) -> Bool) -> Lane? {
        var best: (lane: Lane, writers: Int, head: Int)?
        for (lane, queue) in queues where lane.source == source {
            guard let head = queue.first, writers[lane.destination] < writeLimit[lane.destination], ready(head) else { continue }
            let candidate = (lane: lane, writers: writers[lane.destination], head: head)
            if best == nil || (candidate.writers, candidate.head) < (best!.writers, best!.head) { best = candidate }
        }
        return best?.lane
    }

    private mutating func open(_ index: Int, _ lane: Lane) {
        openStream(lane)
        bytesLeft[lane.source] -= sizes[index]
        pending -= 1
    }

    private mutating func openStream(_ lane: Lane) {
        readers[lane.source] += 1
        writers[lane.destination] += 1
        peakReaders[lane.source] = max(peakReaders[lane.source], readers[lane.source])
        peakWriters[lane.destination] = max(peakWriters[lane.destination], writers[lane.destination])
    }
}
