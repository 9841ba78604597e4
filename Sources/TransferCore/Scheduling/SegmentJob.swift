import TransferIO

/// A helper's part in a split file's copy (`SplitShare`): on this worker's ring, claims
/// segments and copies them until none is left, then leaves. It holds a stream on the file's
/// lane the whole time, so the device limits count it like any other reader and writer. It
/// records nothing in the journal: the file's `FileJob` does, once every segment is copied.
final class SegmentJob: WorkerJob {
    private let key: UInt32
    private let share: SplitShare
    private var pass: ChunkPass?
    private var segment: SplitShare.Segment?
    private var left = false

    /// `share.join()` succeeded for this job (the feed joins it under its lock).
    init(key: UInt32, share: SplitShare) {
        self.key = key
        self.share = share
    }

    var awaitsJournal: Bool { false }
    var streaming: Bool { !left }
    var passing: Bool { pass != nil }
    var bytes: Int64 { share.size }

    func pump(_ worker: Worker) -> Bool {
        while !left {
            if let pass {
                guard settle(pass, worker) else { return false }
                continue
            }
            guard let next = share.claim() else {
                leave()
                break
            }
            segment = next
            let files = share.files
            pass = ChunkPass(size: share.size, chunkSize: worker.options.chunkSize, source: files.source,
                             destination: files.destination, countsAsVerify: false, range: next.range)
        }
        return true
    }

    /// Drives the current segment; true once it is over (copied, or failed and drained).
    private func settle(_ pass: ChunkPass, _ worker: Worker) -> Bool {
        share.synchronize(pass)
        if pass.failure != nil {
            pass.abandon(worker)
            guard pass.isDrained else { return false }
            self.pass = nil
            leave()
            return true
        }
        pass.fill(worker, job: key, kind: .read)
        guard pass.isComplete else { return false }
        share.copied(segment!, digest: pass.digest)
        self.pass = nil
        return true
    }

    func abandonPeers(_ reason: String) {
        share.fail(reason, errno: nil)
        if !left { leave() }
    }

    private func leave() {
        left = true
        share.leave()
    }

    func completed(_ tag: Tag, result: Int32, worker: Worker) {
        switch tag.kind {
        case .read:
            pass?.readCompleted(index: tag.chunk, result: result, worker: worker, job: key, kind: .read)
        case .write:
            pass?.writeCompleted(index: tag.chunk, result: result, worker: worker, job: key)
        case .sync, .verifyRead:
            preconditionFailure("a segment helper neither syncs nor verifies")
        }
    }
}
