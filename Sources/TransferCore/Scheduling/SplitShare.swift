import Foundation
import TransferHash
import TransferIO

/// One large file copied by several workers at once, each on its own ring: the file's byte
/// range is cut into segments, and whoever has a free stream on the file's lane claims the next
/// one. XXH128 cannot be merged from pieces, so each segment's source stream has its own digest;
/// the verify pass re-reads the whole file in order, computing the file's digest and the same
/// segments' digests, and every segment must match (`FileJob`).
///
/// The file's `FileJob` (the lead) owns the descriptors and the journal row; helpers
/// (`SegmentJob`) only read and write segments. The lead closes the descriptors only once every
/// helper that joined has left (`isQuiescent`), so no helper ever uses a closed (or reused)
/// descriptor number.
///
/// Life: preparing → open → closed. `open` happens when the lead has its staging file and
/// starts copying; `close` when it will not copy (renamed, cloned, already present, failed
/// before copying). Illegal: open after close, open twice, a helper joining unless open.
final class SplitShare: @unchecked Sendable {
    enum State: Equatable { case preparing, open, closed }

    struct Segment: Equatable {
        let index: Int
        let range: Range<Int64>
    }

    struct Failure {
        let message: String
        let errno: Errno?
    }

    /// The file's index in the run: the scheduler's key for its lane and streams.
    let file: Int
    let size: Int64
    let segmentSize: Int64
    let segmentCount: Int
    private let lock = NSLock()
    private var state = State.preparing
    private var nextSegment = 0
    private var digests: [Digest128?]
    private var segmentsDone = 0
    /// Helpers that joined and have not left: each may hold I/O on the descriptors.
    private var helpers = 0
    private var firstFailure: Failure?
    private var descriptors: (source: OpenFile, destination: OpenFile)?
    /// Wakes workers waiting for work or for peers (the feed's condition); never called while
    /// `lock` is held.
    private let changed: @Sendable () -> Void
    /// Test seam: called (outside the lock) with each segment claimed.
    private let claimed: (@Sendable (Segment) -> Void)?

    init(file: Int, size: Int64, segmentSize: Int64, claimed: (@Sendable (Segment) -> Void)? = nil,
         changed: @escaping @Sendable () -> Void) {
        precondition(segmentSize > 0 && size > segmentSize, "a split file has at least two segments")
        self.file = file
        self.size = size
        self.segmentSize = segmentSize
        segmentCount = Int((size + segmentSize - 1) / segmentSize)
        digests = Array(repeating: nil, count: segmentCount)
        self.claimed = claimed
        self.changed = changed
    }

    /// Whether file `size` is worth splitting into segments of `segment` bytes.
    static func splits(size: Int64, segment: Int64) -> Bool {
        segment > 0 && size >= 2 * segment
    }

    // MARK: - The lead

    /// preparing → open: helpers may join. Returns the lead's first segment.
    func open(source: OpenFile, destination: OpenFile) -> Segment {
        let first: Segment? = locked {
            precondition(state == .preparing, "a split file opens once, before any close")
            state = .open
            descriptors = (source, destination)
            return claimLocked()
        }
        // Wake the waiting workers first: the claim's test seam may hold this thread until one joins.
        changed()
        announce(first)
        return first!
    }

    /// preparing → closed: the file is not copied (or not by segments); nobody will join.
    /// `notify: false` from under the feed's lock (waking the workers would take it again).
    func closeIfPreparing(notify: Bool = true) {
        let closed: Bool = locked {
            guard state == .preparing else { return false }
            state = .closed
            return true
        }
        if closed && notify { changed() }
    }

    /// Every segment copied and every helper gone: the lead may sync and verify.
    var isCopied: Bool { locked { segmentsDone == segmentCount && helpers == 0 } }

    /// No helper holds I/O on the descriptors: the lead may close them.
    var isQuiescent: Bool { locked { helpers == 0 } }

    /// Each segment's digest of the source stream, in file order (all present once `isCopied`).
    var sourceDigests: [Digest128] {
        locked {
            precondition(segmentsDone == segmentCount, "source digests asked for before every segment was copied")
            return digests.map { $0! }
        }
    }

    /// Closes the source descriptor; the lead calls it once, when no helper can use it.
    func closeSource() {
        let source: OpenFile? = locked {
            precondition(helpers == 0, "the source closed while a helper may read it")
            defer { descriptors = nil }
            return descriptors?.source
        }
        source?.close()
    }

    // MARK: - Every participant

    /// The next segment nobody has claimed; nil once all are claimed or a participant failed.
    func claim() -> Segment? {
        let segment = locked { claimLocked() }
        announce(segment)
        return segment
    }

    /// The descriptors segments are read from and written to (valid until the lead closes them).
    var files: (source: OpenFile, destination: OpenFile) {
        locked {
            precondition(descriptors != nil, "a segment copied before the file opened or after it closed")
            return descriptors!
        }
    }

    func copied(_ segment: Segment, digest: Digest128) {
        locked {
            precondition(digests[segment.index] == nil, "segment \(segment.index) copied twice")
            digests[segment.index] = digest
            segmentsDone += 1
        }
    }

    /// The first failure wins; everyone stops claiming, and the lead fails the file.
    func fail(_ message: String, errno: Errno?) {
        let first: Bool = locked {
            guard firstFailure == nil else { return false }
            firstFailure = Failure(message: message, errno: errno)
            return true
        }
        if first { changed() }
    }

    var failure: Failure? { locked { firstFailure } }

    /// Makes a participant's pass and the share agree: the first failure of either (this pass's
    /// own, or another participant's) stops both. Each participant calls it before driving its pass.
    func synchronize(_ pass: ChunkPass) {
        if pass.failure == nil, let failure { pass.fail(failure.message, errno: failure.errno) }
        if let message = pass.failure { fail(message, errno: pass.failureErrno) }
    }

    // MARK: - Helpers (through the feed)

    /// Under the feed's lock: joins when segments are left to claim.
    func join() -> Bool {
        locked {
            guard isJoinableLocked else { return false }
            helpers += 1
            return true
        }
    }

    var isJoinable: Bool { locked { isJoinableLocked } }

    /// Still preparing, or open with segments left: workers should not give up on the run.
    var mayOfferWork: Bool { locked { state == .preparing || isJoinableLocked } }

    /// A helper leaves once its last segment's I/O is over.
    func leave() {
        locked {
            precondition(helpers > 0, "a helper left that never joined")
            helpers -= 1
        }
        changed()
    }

    private var isJoinableLocked: Bool {
        state == .open && firstFailure == nil && nextSegment < segmentCount
    }

    private func claimLocked() -> Segment? {
        guard firstFailure == nil, nextSegment < segmentCount else { return nil }
        let start = Int64(nextSegment) * segmentSize
        defer { nextSegment += 1 }
        return Segment(index: nextSegment, range: start..<min(size, start + segmentSize))
    }

    private func announce(_ segment: Segment?) {
        if let segment { claimed?(segment) }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
