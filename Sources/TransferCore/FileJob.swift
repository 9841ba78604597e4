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
    private let started = ContinuousClock.now

    init(key: UInt32, item: TransferItem, stagingPath: String) {
        self.key = key
        self.item = item
        self.stagingPath = stagingPath
    }

    var awaitsJournal: Bool {
        if case .awaitingCommit = phase { return true }
        return false
    }

    func pump(_ worker: Worker) -> Bool {
        while true {
            switch phase {
            case .start:
                begin(worker)
            case .copying:
                guard let pass else { return false }
                if pass.failure != nil { return abort(pass.failure!, worker) }
                pass.fill(worker, job: key, kind: .read)
                guard pass.isComplete else { return false }
                finishCopy(worker)
            case .syncing:
                return false
            case .verifying:
                guard let pass else { return false }
                if let failure = pass.failure { return abort("verification read failed: \(failure)", worker) }
                pass.fill(worker, job: key, kind: .verifyRead)
                guard pass.isComplete else { return false }
                finishVerify(pass, worker)
            case .synced:
                startVerify(worker)
            case .awaitingCommit(let ticket):
                if let reason = worker.log.failureReason {
                    return finish(failure: "journal write failed (\(reason)); the destination is complete but the source was kept", worker)
                }
                guard worker.log.isDurable(ticket) else { return false }
                removeSource(worker)
            case .draining:
                guard let pass else { return cleanUp(worker) }
                pass.abandon(worker)
                return pass.isDrained ? cleanUp(worker) : false
            case .finished:
                return true
            }
        }
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
                _ = abort("fsync of the destination failed: \(Errno(rawValue: -result))", worker)
            } else {
                worker.log.record(Transition(item: item, state: .synced, method: .copy))
                phase = .synced
            }
        }
    }

    // MARK: - Steps

    private func begin(_ worker: Worker) {
        let options = worker.options
        do throws(Errno) {
            try FileSystem.makeDirectories(FileSystem.parentDirectory(of: item.destination))
        } catch {
            _ = finish(failure: "cannot create the destination directory: \(error)", worker)
            return
        }
        let existing = try? FileSystem.status(item.destination)
        // The same file under another name (a bind mount, a symlinked directory, a hard link):
        // "already present" or a copy onto itself would end with unlinking the only copy.
        if let existing, let source = try? FileSystem.status(item.source),
           existing.device == source.device, existing.inode == source.inode {
            _ = finish(failure: "the source and the destination are the same file (\(item.destination) is another name for it); nothing was done", worker)
            return
        }
        if existing != nil && !options.overwrite {
            return adoptExisting(existing!, worker)
        }
        if options.mode == .move {
            do throws(Errno) {
                if options.overwrite {
                    try FileSystem.renameReplacing(item.source, item.destination)
                } else {
                    try FileSystem.renameNoReplace(item.source, item.destination)
                }
                return finishRename(worker)
            } catch where error == .crossDevice {
                // Another file system, or another mount of the same one: copy and verify.
            } catch where error == .exists {
                if let existing = try? FileSystem.status(item.destination) { return adoptExisting(existing, worker) }
            } catch {
                _ = finish(failure: "cannot move: \(error)", worker)
                return
            }
        }
        startCopy(worker)
    }

    private func startCopy(_ worker: Worker) {
        let source: OpenFile
        do throws(Errno) {
            source = try OpenFile.openForReading(item.source)
            let status = try FileSystem.status(fd: source.fd)
            if status.kind != .regular {
                source.close()
                _ = finish(failure: "not a regular file", worker)
                return
            }
            if status.size != item.size || status.modificationTime != item.modificationTime {
                source.close()
                _ = finish(failure: "the source changed since it was planned (size or mtime differs); run again", worker)
                return
            }
        } catch {
            _ = finish(failure: "cannot open the source: \(error)", worker)
            return
        }
        do throws(Errno) {
            if FileSystem.exists(stagingPath) { try FileSystem.unlink(stagingPath) }
            let staging = try OpenFile.create(stagingPath)
            self.staging = staging
            try FileSystem.preallocate(fd: staging.fd, length: item.size)
        } catch {
            source.close()
            let message = error == .noSpace ? "no space left on the destination (\(item.size) bytes needed)" : "cannot create the destination file: \(error)"
            _ = finish(failure: message, worker)
            return
        }
        worker.log.record(Transition(item: item, state: .copying, method: .copy))
        worker.report(.fileStarted(item, .copy))
        pass = ChunkPass(size: item.size, chunkSize: worker.options.chunkSize, source: source, destination: staging, countsAsVerify: false)
        phase = .copying
    }

    private func finishCopy(_ worker: Worker) {
        guard let pass, let staging else { return }
        pass.source.close()
        sourceDigest = pass.digest
        do throws(Errno) {
            let now = try FileSystem.status(item.source)
            if now.size != item.size || now.modificationTime != item.modificationTime {
                _ = abort("the source changed during the copy (size or mtime differs); it was kept", worker, drained: true)
                return
            }
            if pass.padded { try FileSystem.truncate(fd: staging.fd, length: item.size) }
            try FileSystem.setPermissions(fd: staging.fd, item.permissions)
            try FileSystem.setModificationTime(fd: staging.fd, item.modificationTime)
        } catch {
            _ = abort("cannot finish the destination file: \(error)", worker, drained: true)
            return
        }
        self.pass = nil
        phase = .syncing
        worker.submit(.sync(fd: staging.fd), tag: Tag(job: key, kind: .sync, chunk: 0))
    }

    private func startVerify(_ worker: Worker) {
        staging?.close()
        staging = nil
        if let needle = worker.options.corruptAfterSync, item.destination.contains(needle) {
            TestFaults.corrupt(stagingPath, size: item.size)
        }
        guard worker.options.verify else { return commit(digest: sourceDigest!, worker) }
        do throws(Errno) {
            let reader = try OpenFile.openForReading(stagingPath)
            if !reader.direct { FileSystem.dropCache(fd: reader.fd) }
            pass = ChunkPass(size: item.size, chunkSize: worker.options.chunkSize, source: reader, destination: nil, countsAsVerify: true)
            phase = .verifying
        } catch {
            _ = abort("cannot re-open the destination to verify it: \(error)", worker)
        }
    }

    private func finishVerify(_ pass: ChunkPass, _ worker: Worker) {
        pass.source.close()
        self.pass = nil
        let written = pass.digest
        guard written == sourceDigest else {
            _ = abort("verification failed: the destination reads back as xxh128 \(written.hex), the source was \(sourceDigest!.hex); source kept", worker)
            return
        }
        worker.log.record(Transition(item: item, state: .verified, method: .copy, digest: written))
        commit(digest: written, worker)
    }

    private func commit(digest: Digest128, _ worker: Worker) {
        do throws(Errno) {
            if worker.options.overwrite {
                try FileSystem.renameReplacing(stagingPath, item.destination)
            } else {
                try FileSystem.renameNoReplace(stagingPath, item.destination)
            }
            try FileSystem.syncDirectory(FileSystem.parentDirectory(of: item.destination))
        } catch {
            let reason = error == .exists ? "the destination appeared during the transfer; nothing replaced" : "cannot put the file in place: \(error)"
            _ = abort(reason, worker)
            return
        }
        sourceDigest = digest
        let ticket = worker.log.record(Transition(item: item, state: .committed, method: method, digest: digest))
        if worker.options.mode == .move && !worker.options.deferSourceRemoval {
            phase = .awaitingCommit(ticket: ticket)
        } else {
            _ = finish(failure: nil, worker)
        }
    }

    private func removeSource(_ worker: Worker) {
        // Whatever was written to the source after its copy was read exists nowhere else.
        if let now = try? FileSystem.status(item.source), now.size != item.size || now.modificationTime != item.modificationTime {
            _ = finish(failure: "the source changed after it was copied (size or mtime differs); the verified copy is in place and the source was kept", worker)
            return
        }
        do throws(Errno) {
            try FileSystem.unlink(item.source)
            try? FileSystem.syncDirectory(FileSystem.parentDirectory(of: item.source))
        } catch where error == .noSuchFile {
            // Already gone: an earlier run removed it before it could record that.
        } catch {
            _ = finish(failure: "copied and verified, but the source could not be removed: \(error)", worker)
            return
        }
        worker.log.record(Transition(item: item, state: .sourceRemoved, method: method, digest: sourceDigest))
        _ = finish(failure: nil, worker)
    }

    private func finishRename(_ worker: Worker) {
        method = .rename
        worker.report(.fileStarted(item, .rename))
        // The directories are fsynced once per run, not per file: until then a power cut can
        // only undo the rename, which leaves the file whole at its source.
        worker.touchedDirectories.insert(FileSystem.parentDirectory(of: item.destination))
        worker.touchedDirectories.insert(FileSystem.parentDirectory(of: item.source))
        worker.log.record(Transition(item: item, state: .sourceRemoved, method: .rename))
        _ = finish(failure: nil, worker)
    }

    /// The destination name is taken. Identical content counts as done; anything else is
    /// refused, never overwritten silently.
    private func adoptExisting(_ existing: FileStatus, _ worker: Worker) {
        guard existing.kind == .regular else {
            _ = finish(failure: "the destination exists and is not a regular file", worker)
            return
        }
        guard existing.size == item.size else {
            _ = finish(failure: "the destination exists with a different size (\(existing.size) bytes, source \(item.size)); use --overwrite to replace it", worker)
            return
        }
        let destinationDigest: Digest128, sourceDigest: Digest128
        do throws(Errno) {
            destinationDigest = try FileDigest.compute(item.destination)
            sourceDigest = try FileDigest.compute(item.source)
        } catch {
            _ = finish(failure: "cannot compare with the existing destination: \(error)", worker)
            return
        }
        guard destinationDigest == sourceDigest else {
            _ = finish(failure: "the destination exists with different content; use --overwrite to replace it", worker)
            return
        }
        // Whoever wrote the destination may not have synced it; the source may go once this
        // commits, so the destination's data and name must be durable first.
        do throws(Errno) {
            let fd = try FileSystem.open(item.destination, .readOnly)
            defer { FileSystem.close(fd) }
            try FileSystem.sync(fd: fd)
            try FileSystem.syncDirectory(FileSystem.parentDirectory(of: item.destination))
        } catch {
            _ = finish(failure: "cannot make the existing destination durable: \(error)", worker)
            return
        }
        method = .alreadyPresent
        worker.log.record(Transition(item: item, state: .verified, method: method, digest: sourceDigest))
        commitPresent(sourceDigest, worker)
    }

    private func commitPresent(_ digest: Digest128, _ worker: Worker) {
        self.sourceDigest = digest
        let ticket = worker.log.record(Transition(item: item, state: .committed, method: method, digest: digest))
        if worker.options.mode == .move && !worker.options.deferSourceRemoval {
            phase = .awaitingCommit(ticket: ticket)
        } else {
            _ = finish(failure: nil, worker)
        }
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
        pass?.source.close()
        staging?.close()
        staging = nil
        try? FileSystem.unlink(stagingPath)
        return finish(failure: failure ?? "failed", worker)
    }

    @discardableResult
    private func finish(failure: String?, _ worker: Worker) -> Bool {
        phase = .finished
        if let failure {
            worker.log.record(Transition(item: item, state: .failed, method: method, failure: failure))
            worker.counters.filesFailed.add(1, ordering: .relaxed)
        } else {
            worker.counters.filesDone.add(1, ordering: .relaxed)
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        worker.report(.fileFinished(FileResult(item: item, method: failure == nil ? method : nil, digest: failure == nil ? sourceDigest : nil, seconds: seconds, failure: failure)))
        return true
    }
}
