import Foundation
import TransferHash
import TransferIO

/// One file's way through planned → copying → synced → verified → committed → source removed
/// (or a rename, or "already present"). Every irreversible step happens only after the state
/// before it is recorded, and the source is deleted only once `committed` is durable.
final class FileJob: WorkerJob {
    private enum Phase {
        case start
        case copying
        /// A split file: this job's segments are copied; other workers' are not all yet.
        case awaitingSegments
        case syncing
        case synced
        case verifying
        case awaitingCommit(ticket: UInt64)
        case draining
        case finished
    }

    let key: UInt32
    let item: TransferItem
    private let stagingPath: String
    private var phase = Phase.start
    private var pass: ChunkPass?
    private var staging: OpenFile?
    private var sourceDigest: Digest128?
    private var method = TransferMethod.copy
    private var failure: String?
    private var failureKind: FileFailureKind?
    /// The directories holding the source and the destination, reached through no link; every
    /// name of this file is opened, checked, renamed and deleted relative to these.
    private var sourceDirectory: DirectoryHandle?
    private var destinationDirectory: DirectoryHandle?
    /// Every rename, unlink and directory fsync of this file goes through this: the system
    /// calls, or a test's fault plan (`TransferOptions.namespaceFaults`).
    private var namespace: any Namespace = DirectNamespace()
    /// Which file was copied (from the descriptor that was read, not from a path).
    private var pinned: FileIdentity?
    private var sourceName: String { item.anchoredSource.name }
    private var destinationName: String { item.anchoredDestination.name }
    private let started = ContinuousClock.now
    /// The file's journal row: the engine is handed files already recorded as planned.
    private var row: FileRow
    /// Set when several workers may copy this file's segments (`SplitShare`); this job leads:
    /// it owns the descriptors and the row, copies segments too, then syncs and verifies.
    private let split: SplitShare?
    /// The segment the current copy pass covers (split files only).
    private var segment: SplitShare.Segment?
    /// The share, once this file is really copied by segments (not cloned, renamed, present):
    /// then the verify pass compares segment digests, there being no whole-file source digest.
    private var segmented: SplitShare?

    init(key: UInt32, item: TransferItem, stagingPath: String, split: SplitShare? = nil) {
        self.key = key
        self.item = item
        self.stagingPath = stagingPath
        self.split = split
        row = FileRow(item, state: .planned)
    }

    var awaitsJournal: Bool {
        if case .awaitingCommit = phase { return true }
        return false
    }

    var streaming: Bool {
        switch phase {
        case .start, .copying: true
        default: false
        }
    }

    var passing: Bool {
        switch phase {
        case .copying, .verifying: true
        default: false
        }
    }

    var bytes: Int64 { item.size }

    var awaitsPeers: Bool {
        switch phase {
        case .awaitingSegments: !(split?.isCopied ?? true) && split?.failure == nil
        case .draining: (pass?.isDrained ?? true) && !(split?.isQuiescent ?? true)
        default: false
        }
    }

    /// The lead's worker is ending: its helpers stop, and nobody waits for it to open the file.
    func abandonPeers(_ reason: String) {
        split?.fail(reason, errno: nil)
        split?.closeIfPreparing()
    }

    func pump(_ worker: Worker) -> Bool {
        while true {
            switch phase {
            case .start:
                begin(worker)
                // Not copying by segments after all (renamed, cloned, present, failed): no helper.
                split?.closeIfPreparing()
            case .copying:
                guard let pass, copied(pass, worker) else { return false }
            case .awaitingSegments:
                guard let split else { return false }
                if let failure = split.failure {
                    failure.errno.map(classify)
                    return abort(failure.message, worker)
                }
                guard split.isCopied else { return false }
                finishSplitCopy(split, worker)
            case .syncing:
                return false
            case .verifying:
                guard let pass else { return false }
                if let failure = pass.failure {
                    pass.failureErrno.map(classify)
                    return abort("verification read failed: \(failure)", worker)
                }
                pass.fill(worker, job: key, kind: .verifyRead)
                guard pass.isComplete else { return false }
                finishVerify(pass, worker)
            case .synced:
                startVerify(worker)
            case .awaitingCommit(let ticket):
                if let reason = worker.log.failureReason {
                    failureKind = .journal
                    return finish(failure: "journal write failed (\(reason)); the destination is complete but the source was kept", worker)
                }
                guard worker.log.isDurable(ticket) else { return false }
                removeSource(worker)
            case .draining:
                if let pass {
                    pass.abandon(worker)
                    guard pass.isDrained else { return false }
                }
                // A helper may still write to the staging file or read the source.
                guard split?.isQuiescent ?? true else { return false }
                return cleanUp(worker)
            case .finished:
                return true
            }
        }
    }

    /// Drives the copy pass; true once it (or this job's segment) is over and the job moved on.
    /// A failure, this pass's or a helper's, stops every participant and fails the file.
    private func copied(_ pass: ChunkPass, _ worker: Worker) -> Bool {
        split?.synchronize(pass)
        if let failure = pass.failure {
            pass.failureErrno.map(classify)
            return abort(failure, worker)
        }
        pass.fill(worker, job: key, kind: .read)
        guard pass.isComplete else { return false }
        if let split { nextSegment(split, worker) } else { finishCopy(worker) }
        return true
    }

    func completed(_ tag: Tag, result: Int32, worker: Worker) {
        switch tag.kind {
        case .read, .verifyRead:
            pass?.readCompleted(index: tag.chunk, result: result, worker: worker, job: key, kind: tag.kind)
        case .write:
            pass?.writeCompleted(index: tag.chunk, result: result, worker: worker, job: key)
        case .sync:
            if result == -Errno.tryAgain.rawValue || result == -Errno.interrupted.rawValue, let staging {
                worker.submit(.sync(fd: staging.fd), tag: Tag(job: key, kind: .sync, chunk: 0))
            } else if result < 0 {
                classify(Errno(rawValue: -result))
                _ = abort("fsync of the destination failed: \(Errno(rawValue: -result))", worker)
            } else {
                advance(.synced(method), worker)
                phase = .synced
            }
        }
    }

    // MARK: - Steps

    private func begin(_ worker: Worker) {
        namespace = worker.options.namespace(for: item)
        do throws(Errno) {
            sourceDirectory = try item.anchoredSource.openParent()
        } catch {
            classify(error)
            _ = finish(failure: Self.sourcePathProblem(item, error), worker)
            return
        }
        do throws(Errno) {
            destinationDirectory = try item.anchoredDestination.makeParent()
        } catch {
            let reason = error == .tooManyLinks || error == .notDirectory
                ? "a directory on the way to the destination is a symbolic link or not a directory; ferry follows no links below \(item.anchoredDestination.root)"
                : "cannot create the destination directory: \(error)"
            classify(error)
            _ = finish(failure: reason, worker)
            return
        }
        let existing = try? destinationDirectory!.status(destinationName)
        // The same file under another name (a bind mount, a hard link): "already present" or a
        // copy onto itself would end with unlinking the only copy.
        if let existing, let source = try? sourceDirectory!.status(sourceName),
           existing.device == source.device, existing.inode == source.inode {
            _ = finish(failure: "the source and the destination are the same file (\(item.destination) is another name for it); nothing was done", worker)
            return
        }
        if let existing, !worker.options.overwrite { return adoptExisting(existing, worker) }
        if worker.options.mode == .move, tryRename(worker) { return }
        startCopy(worker)
    }

    /// A move on one file system is a rename; returns false when the data must be copied.
    private func tryRename(_ worker: Worker) -> Bool {
        do throws(Errno) {
            try namespace.rename(.moveRename, sourceName, in: sourceDirectory!, to: destinationDirectory!, as: destinationName,
                                 replacing: worker.options.overwrite)
            finishRename(worker)
        } catch where error == .crossDevice {
            return false  // Another file system, or another mount of the same one: copy and verify.
        } catch where error == .exists {
            guard let existing = try? destinationDirectory!.status(destinationName) else { return false }
            adoptExisting(existing, worker)
        } catch {
            classify(error)
            _ = finish(failure: "cannot move: \(error)", worker)
        }
        return true
    }

    /// Says what went wrong reaching the source's directory or the source itself.
    static func sourcePathProblem(_ item: TransferItem, _ error: Errno) -> String {
        switch error {
        case .tooManyLinks, .notDirectory:
            "a directory on the way to the source, or the source itself, is now a symbolic link (or not a directory); ferry follows no links below \(item.anchoredSource.root); nothing was done with it"
        case .noSuchFile:
            "the source \(item.source) is gone (removed or renamed since it was planned); nothing was done with it"
        default:
            "cannot open the source: \(error)"
        }
    }

    /// Opens the source through its pinned parent and pins the file it got (the one whose bytes
    /// are then read); nil, with the file failed, when that is not the file planned.
    private func openPinnedSource(_ worker: Worker) throws(Errno) -> OpenFile? {
        let source = try OpenFile.openForReading(in: sourceDirectory!, sourceName)
        let status: FileStatus
        do throws(Errno) {
            status = try FileSystem.status(fd: source.fd)
        } catch {
            source.close()
            throw error
        }
        if let problem = item.replacement(status) {
            source.close()
            failureKind = .sourceChanged
            _ = finish(failure: "\(problem) since it was planned; nothing was done with it; run again", worker)
            return nil
        }
        pinned = FileIdentity(status)
        return source
    }

    private func startCopy(_ worker: Worker) {
        let source: OpenFile
        do throws(Errno) {
            guard let opened = try openPinnedSource(worker) else { return }
            source = opened
        } catch {
            classify(error)
            _ = finish(failure: Self.sourcePathProblem(item, error), worker)
            return
        }
        do throws(Errno) {
            if FileSystem.exists(stagingPath) { try FileSystem.unlink(stagingPath) }
            let staging = try OpenFile.create(stagingPath)
            self.staging = staging
            switch tryClone(from: source, into: staging, worker.options.reflink) {
            case .cloned: return startReflinked(source, worker)
            case .refused(let reason):
                source.close()
                _ = abort(reason, worker)  // removes the empty staging file
                return
            case .copy: break
            }
            if let refusal = try claimSpace(staging, worker) {
                source.close()
                failureKind = .noSpace
                _ = abort(refusal, worker)
                return
            }
        } catch {
            source.close()
            classify(error)
            let message = error == .noSpace ? "no space left on the destination (\(item.size) bytes needed)" : "cannot create the destination file: \(error)"
            _ = abort(message, worker)  // removes the staging file if it was created
            return
        }
        advance(.copyStarted(.copy), worker)
        worker.report(.fileStarted(item, .copy))
        if let split {
            segmented = split
            startSegment(split.open(source: source, destination: staging!), worker)
        } else {
            pass = ChunkPass(size: item.size, chunkSize: worker.options.chunkSize, source: source, destination: staging, countsAsVerify: false)
        }
        phase = .copying
        worker.options.momentHook?(.sourceOpened, item)
    }

    /// Preallocates the whole file, through `--min-free`'s guard when there is one.
    private func claimSpace(_ staging: OpenFile, _ worker: Worker) throws(Errno) -> String? {
        guard let space = worker.options.space else {
            try FileSystem.preallocate(fd: staging.fd, length: item.size)
            return nil
        }
        let device = try FileSystem.status(fd: staging.fd).device
        return try space.claim(item.size, fd: staging.fd, device: device) { () throws(Errno) in
            try FileSystem.preallocate(fd: staging.fd, length: item.size)
        }
    }

    private enum CloneOutcome { case cloned, copy, refused(String) }

    /// FICLONE of the pinned source into the staging file. The file systems that cannot (ext4,
    /// another superblock) answer at once; `auto` then copies, `always` fails the file.
    private func tryClone(from source: OpenFile, into staging: OpenFile, _ mode: ReflinkMode) -> CloneOutcome {
        guard mode != .never, item.size > 0 else { return .copy }
        do throws(Errno) {
            try FileSystem.clone(into: staging.fd, from: source.fd)
            return .cloned
        } catch {
            guard mode == .always else { return .copy }
            return .refused("--reflink always: the file system cannot clone \(item.source) to \(item.destination) (\(error)); nothing was copied")
        }
    }

    /// The clone shares the source's extents: nothing to write. It is synced, then hashed once
    /// from the device (the verify pass), and that digest is the file's.
    private func startReflinked(_ source: OpenFile, _ worker: Worker) {
        source.close()
        method = .reflink
        advance(.copyStarted(.reflink), worker)
        worker.report(.fileStarted(item, .reflink))
        worker.options.momentHook?(.sourceOpened, item)
        worker.options.momentHook?(.copied, item)
        if let replaced = sourceReplaced() {
            failureKind = .sourceChanged
            _ = abort(replaced, worker)
            return
        }
        do throws(Errno) {
            try FileSystem.setPermissions(fd: staging!.fd, item.permissions)
            try FileSystem.setModificationTime(fd: staging!.fd, item.modificationTime)
        } catch {
            classify(error)
            _ = abort("cannot finish the destination file \(stagingPath): \(error)", worker)
            return
        }
        phase = .syncing
        worker.submit(.sync(fd: staging!.fd), tag: Tag(job: key, kind: .sync, chunk: 0))
    }

    /// Why the name no longer refers to the file that was copied, or nil. Checked before the
    /// copy is committed and again right before the source is deleted.
    private func sourceProblem() -> String? {
        do throws(Errno) {
            return item.replacement(try sourceDirectory!.status(sourceName), pinned: pinned)
        } catch {
            return Self.sourcePathProblem(item, error)
        }
    }

    private func sourceReplaced() -> String? {
        sourceProblem().map { "the source was replaced during the copy (\($0)); kept" }
    }

    /// Copies `next`, a segment of a split file, on this worker's ring.
    private func startSegment(_ next: SplitShare.Segment, _ worker: Worker) {
        let files = split!.files
        segment = next
        pass = ChunkPass(size: item.size, chunkSize: worker.options.chunkSize, source: files.source,
                         destination: files.destination, countsAsVerify: false, range: next.range)
    }

    /// A segment is copied: record its digest and take the next, or wait for the helpers'.
    private func nextSegment(_ split: SplitShare, _ worker: Worker) {
        split.copied(segment!, digest: pass!.digest)
        pass = nil
        if let next = split.claim() {
            startSegment(next, worker)
        } else {
            phase = .awaitingSegments
        }
    }

    private func finishCopy(_ worker: Worker) {
        guard let pass else { return }
        pass.source.close()
        sourceDigest = pass.digest
        self.pass = nil
        sealCopy(padded: pass.padded, worker)
    }

    /// Every segment is copied and every helper gone: the descriptors are this job's alone.
    private func finishSplitCopy(_ split: SplitShare, _ worker: Worker) {
        split.closeSource()
        // Any participant's last chunk may have been padded for O_DIRECT: truncating is always right.
        sealCopy(padded: true, worker)
    }

    /// The copy is over: check the source, set the file's metadata, and sync it.
    private func sealCopy(padded: Bool, _ worker: Worker) {
        guard let staging else { return }
        worker.options.momentHook?(.copied, item)
        if let replaced = sourceReplaced() {
            failureKind = .sourceChanged
            _ = abort(replaced, worker, drained: true)
            return
        }
        do throws(Errno) {
            if padded { try FileSystem.truncate(fd: staging.fd, length: item.size) }
            try FileSystem.setPermissions(fd: staging.fd, item.permissions)
            try FileSystem.setModificationTime(fd: staging.fd, item.modificationTime)
        } catch {
            classify(error)
            _ = abort("cannot finish the destination file \(stagingPath): \(error)", worker, drained: true)
            return
        }
        phase = .syncing
        worker.submit(.sync(fd: staging.fd), tag: Tag(job: key, kind: .sync, chunk: 0))
    }

    private func startVerify(_ worker: Worker) {
        staging?.close()
        staging = nil
        if let needle = worker.options.corruptAfterSync, item.destination.contains(needle) {
            TestFaults.corrupt(stagingPath, size: item.size)
        }
        // A clone has no source stream: its hash from the device is the only digest there is.
        guard worker.options.verify || method == .reflink else { return commit(digest: sourceDigest!, worker) }
        do throws(Errno) {
            let reader = try OpenFile.openForReading(stagingPath)
            if !reader.direct { FileSystem.dropCache(fd: reader.fd) }
            pass = ChunkPass(size: item.size, chunkSize: worker.options.chunkSize, source: reader, destination: nil,
                             countsAsVerify: true, segmentSize: segmented?.segmentSize)
            phase = .verifying
        } catch {
            classify(error)
            _ = abort("cannot re-open the destination to verify it: \(error)", worker)
        }
    }

    private func finishVerify(_ pass: ChunkPass, _ worker: Worker) {
        pass.source.close()
        self.pass = nil
        let written = pass.digest
        if method == .reflink { sourceDigest = written }
        if let split = segmented {
            // Every segment read back as its source stream was: the whole file is the source's.
            if let problem = Self.segmentMismatch(pass.segmentDigests, split) {
                failureKind = .mismatch
                _ = abort(problem, worker)
                return
            }
            sourceDigest = written
        }
        guard written == sourceDigest else {
            failureKind = .mismatch
            _ = abort("verification failed: the destination reads back as xxh128 \(written.hex), the source was \(sourceDigest!.hex); source kept", worker)
            return
        }
        advance(.verified(method, written), worker)
        commit(digest: written, worker)
    }

    /// Why a split file's re-read differs from its source, segment by segment; nil when equal.
    static func segmentMismatch(_ written: [Digest128], _ split: SplitShare) -> String? {
        let source = split.sourceDigests
        precondition(written.count == source.count, "the verify pass hashed every segment")
        guard let bad = source.indices.first(where: { source[$0] != written[$0] }) else { return nil }
        let start = Int64(bad) * split.segmentSize
        let end = min(split.size, start + split.segmentSize)
        return "verification failed: bytes \(start)..<\(end) of the destination read back as xxh128 \(written[bad].hex), the source was \(source[bad].hex); source kept"
    }

    private func commit(digest: Digest128, _ worker: Worker) {
        worker.options.momentHook?(.verified, item)
        if let replaced = sourceReplaced() {
            failureKind = .sourceChanged
            _ = abort(replaced, worker)
            return
        }
        do throws(Errno) {
            let stagingDirectory = try DirectoryHandle.open(FileSystem.parentDirectory(of: stagingPath))
            try namespace.rename(.renameIntoPlace, FileSystem.baseName(of: stagingPath), in: stagingDirectory,
                                 to: destinationDirectory!, as: destinationName, replacing: worker.options.overwrite)
            // Until the name is durable a power cut can undo it: no commit, so the source stays.
            try namespace.sync(.destinationSync, destinationDirectory!)
        } catch {
            let reason = error == .exists ? "the destination appeared during the transfer; nothing replaced" : "cannot put the file in place: \(error)"
            if error == .exists { failureKind = .destinationExists }
            classify(error)
            _ = abort(reason, worker)
            return
        }
        sourceDigest = digest
        let ticket = advance(.committed(method, digest), worker)
        if worker.options.mode == .move && !worker.options.deferSourceRemoval {
            phase = .awaitingCommit(ticket: ticket)
        } else {
            _ = finish(failure: nil, worker)
        }
    }

    private func removeSource(_ worker: Worker) {
        worker.options.momentHook?(.committed, item)
        // Whatever was written to the source after its copy was read, or renamed over it, exists
        // nowhere else. The check and the unlink both go through the pinned parent directory.
        if (try? sourceDirectory!.status(sourceName)) == nil, !FileSystem.exists(item.source) {
            // Gone already (someone removed it): the move's end state holds; nothing to delete.
            advance(.sourceRemoved(method, sourceDigest), worker)
            _ = finish(failure: nil, worker)
            return
        }
        if let problem = sourceProblem() {
            failureKind = .sourceChanged
            _ = finish(failure: "the source changed after it was copied (\(problem)); the verified copy is in place and the source was kept", worker)
            return
        }
        do throws(Errno) {
            try namespace.unlink(.sourceUnlink, sourceName, in: sourceDirectory!)
        } catch {
            classify(error)
            _ = finish(failure: "copied and verified, but the source could not be removed: \(error)", worker)
            return
        }
        Self.syncSourceDirectory(namespace, sourceDirectory!)
        advance(.sourceRemoved(method, sourceDigest), worker)
        _ = finish(failure: nil, worker)
    }

    /// Makes a source's unlink durable, and does not fail the file when it cannot. The copy was
    /// fsynced under its final name (file and directory) and `committed` was durable before the
    /// unlink, so the move is done; this fsync only keeps the source's name from coming back
    /// after a power cut. If it does come back, that is a second whole copy, never a loss, and a
    /// resumed run treats a source back after its recorded removal as a file to move again
    /// (`ResumeDecision`: redo → found identical at the destination → removed). Failing the file
    /// here would record committed → failed and tell the user a source was kept that is gone.
    static func syncSourceDirectory(_ namespace: any Namespace, _ directory: DirectoryHandle) {
        try? namespace.sync(.sourceSync, directory)
    }

    private func finishRename(_ worker: Worker) {
        method = .rename
        worker.report(.fileStarted(item, .rename))
        // The directories are fsynced once per run, not per file: until then a power cut can
        // only undo the rename, which leaves the file whole at its source.
        worker.touchedDirectories.insert(FileSystem.parentDirectory(of: item.destination))
        worker.touchedDirectories.insert(FileSystem.parentDirectory(of: item.source))
        advance(.renamed, worker)
        _ = finish(failure: nil, worker)
    }

    /// The destination name is taken. Identical content counts as done; anything else is
    /// refused, never overwritten silently.
    private func adoptExisting(_ existing: FileStatus, _ worker: Worker) {
        guard existing.kind == .regular else {
            failureKind = .destinationExists
            _ = finish(failure: "the destination exists and is not a regular file", worker)
            return
        }
        guard existing.size == item.size else {
            failureKind = .destinationExists
            _ = finish(failure: "the destination exists with a different size (\(existing.size) bytes, source \(item.size)); use --overwrite to replace it", worker)
            return
        }
        let destinationDigest: Digest128, sourceDigest: Digest128
        do throws(Errno) {
            let compared = worker.counters
            destinationDigest = try FileDigest.compute(OpenFile.openForReading(in: destinationDirectory!, destinationName), progress: compared)
            guard let source = try openPinnedSource(worker) else { return }
            sourceDigest = try FileDigest.compute(source, progress: compared)
        } catch {
            classify(error)
            _ = finish(failure: "cannot compare with the existing destination: \(error)", worker)
            return
        }
        guard destinationDigest == sourceDigest else {
            failureKind = .destinationExists
            _ = finish(failure: "the destination exists with different content; use --overwrite to replace it", worker)
            return
        }
        // Whoever wrote the destination may not have synced it; the source may go once this
        // commits, so the destination's data and name must be durable first.
        do throws(Errno) {
            let fd = try destinationDirectory!.openFile(destinationName, .readOnly)
            defer { FileSystem.close(fd) }
            try FileSystem.sync(fd: fd)
            try namespace.sync(.destinationSync, destinationDirectory!)
        } catch {
            classify(error)
            _ = finish(failure: "cannot make the existing destination durable: \(error)", worker)
            return
        }
        method = .alreadyPresent
        advance(.foundIdentical(sourceDigest), worker)
        commitPresent(sourceDigest, worker)
    }

    private func commitPresent(_ digest: Digest128, _ worker: Worker) {
        self.sourceDigest = digest
        let ticket = advance(.committed(method, digest), worker)
        if worker.options.mode == .move && !worker.options.deferSourceRemoval {
            phase = .awaitingCommit(ticket: ticket)
        } else {
            _ = finish(failure: nil, worker)
        }
    }

    /// Keeps the kind of the first failure whose errno says something a caller acts on.
    private func classify(_ error: Errno) {
        guard failureKind == nil else { return }
        switch error {
        case .noSpace, .quotaExceeded: failureKind = .noSpace
        case .readOnlyFileSystem: failureKind = .readOnly
        case .accessDenied, .notPermitted: failureKind = .permission
        default: break
        }
    }

    /// Records the file's next state; the commit protocol traps on an illegal one.
    @discardableResult
    private func advance(_ event: FileEvent, _ worker: Worker) -> UInt64 {
        row.record(event, in: worker.log)
    }

    /// Stops the transfer: waits for this file's I/O in flight, then removes the staged copy.
    private func abort(_ reason: String, _ worker: Worker, drained: Bool = false) -> Bool {
        if failure == nil { failure = reason }
        pass?.fail(reason)
        phase = .draining
        if drained { pass = nil }
        return false
    }

    private func cleanUp(_ worker: Worker) -> Bool {
        // A split file's copy passes read the share's source descriptor: it is closed once,
        // there. A verify pass's reader is this job's own.
        if let pass, segmented == nil || pass.countsAsVerify { pass.source.close() }
        segmented?.closeSource()
        staging?.close()
        staging = nil
        try? FileSystem.unlink(stagingPath)
        return finish(failure: failure ?? "failed", worker)
    }

    @discardableResult
    private func finish(failure: String?, _ worker: Worker) -> Bool {
        phase = .finished
        if let failure {
            advance(.failed(method, failure), worker)
            worker.counters.filesFailed.add(1, ordering: .relaxed)
        } else {
            worker.counters.filesDone.add(1, ordering: .relaxed)
            // No stream counted these bytes, yet they are done: the bar must say so.
            if method == .rename { worker.counters.bytesSettled.add(item.size, ordering: .relaxed) }
            if method == .reflink { worker.counters.bytesCopied.add(item.size, ordering: .relaxed) }
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        worker.report(.fileFinished(FileResult(item: item, method: failure == nil ? method : nil, digest: failure == nil ? sourceDigest : nil, seconds: seconds, failure: failure, failureKind: failure == nil ? nil : failureKind)))
        return true
    }
}
