import TransferHash
import TransferIO

/// Re-hashes one file from the device (O_DIRECT when possible) through a worker's ring.
final class HashJob: WorkerJob {
    let key: UInt32
    let path: String
    /// The directory below which no link is followed on the way to `path`.
    let root: String?
    private var pass: ChunkPass?
    private var started = false
    private let done: (String, Result<Digest128, HashFailure>) -> Void

    init(key: UInt32, path: String, root: String?, done: @escaping (String, Result<Digest128, HashFailure>) -> Void) {
        self.key = key
        self.path = path
        self.root = root
        self.done = done
    }

    var awaitsJournal: Bool { false }
    var streaming: Bool { false }
    var passing: Bool { pass != nil }
    var bytes: Int64 { 0 }

    func pump(_ worker: Worker) -> Bool {
        if !started {
            started = true
            do throws(Errno) {
                let anchored = AnchoredPath(root: root, path: path)
                let file = try OpenFile.openForReading(in: anchored.openParent(), anchored.name)
                let status = try FileSystem.status(fd: file.fd)
                guard status.kind == .regular else {
                    file.close()
                    finished(worker, .failure(HashFailure(message: "not a regular file")))
                    return true
                }
                if !file.direct { FileSystem.dropCache(fd: file.fd) }
                pass = ChunkPass(size: status.size, chunkSize: worker.options.chunkSize, source: file, destination: nil, countsAsVerify: true)
            } catch {
                finished(worker, .failure(HashFailure(message: Self.describe(error))))
                return true
            }
        }
        guard let pass else { return true }
        if let failure = pass.failure {
            pass.abandon(worker)
            guard pass.isDrained else { return false }
            pass.source.close()
            finished(worker, .failure(HashFailure(message: failure)))
            return true
        }
        pass.fill(worker, job: key, kind: .verifyRead)
        guard pass.isComplete else { return false }
        pass.source.close()
        finished(worker, .success(pass.digest))
        return true
    }

    /// Counts the file for the progress display, then hands the result over.
    private func finished(_ worker: Worker, _ result: Result<Digest128, HashFailure>) {
        if case .success = result {
            worker.counters.filesDone.add(1, ordering: .relaxed)
        } else {
            worker.counters.filesFailed.add(1, ordering: .relaxed)
        }
        done(path, result)
    }

    private static func describe(_ error: Errno) -> String {
        switch error {
        case .noSuchFile: "missing"
        case .tooManyLinks, .notDirectory: "it, or a directory on its way, is a symbolic link (or not a directory); links are not followed"
        default: "cannot open: \(error)"
        }
    }

    func completed(_ tag: Tag, result: Int32, worker: Worker) {
        pass?.readCompleted(index: tag.chunk, result: result, worker: worker, job: key, kind: tag.kind)
    }
}

public struct HashFailure: Error, Sendable {
    public let message: String
}
