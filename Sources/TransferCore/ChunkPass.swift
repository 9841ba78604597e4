import TransferHash
import TransferIO

/// One sequential pass over a file (or one segment of it) in chunks: read each chunk (out of
/// order, many in flight), hash the chunks in file order, and, when copying, write each chunk to
/// the destination as soon as it has been read. A chunk's buffer goes back to the worker once
/// it is both hashed and written.
final class ChunkPass {
    private struct Chunk {
        let slot: Int
        let offset: Int64
        /// Bytes of file data in this chunk.
        let length: Int
        var read = 0
        var readDone = false
        /// Bytes to write (padded to the alignment when direct); 0 when not copying.
        var writeLength = 0
        var written = 0
        var hashed = false

        var releasable: Bool { hashed && written >= writeLength }
    }

    /// The file's size; the pass covers `start..<end` of it.
    let size: Int64
    private let end: Int64
    private let chunkSize: Int
    private(set) var source: OpenFile
    private(set) var destination: OpenFile?
    private var hasher = XXH128Hasher()
    /// A split file's verify pass also hashes each segment on its own (`SplitShare`).
    private let segmentSize: Int64?
    private var segmentHasher = XXH128Hasher()
    private(set) var segmentDigests: [Digest128] = []
    private var nextOffset: Int64 = 0
    private var nextIndex = 0
    private var nextHash = 0
    private var chunks: [Int: Chunk] = [:]
    private(set) var inflight = 0
    /// Set on the first failure; the pass then only waits for its in-flight operations.
    private(set) var failure: String?
    /// Direct writes pad the last chunk; the file must be truncated to `size` afterwards.
    private(set) var padded = false
    let countsAsVerify: Bool
    /// The file system read from: the key of its `--bwlimit-device` budget.
    private let device: UInt64

    /// `range`: the bytes this pass covers (a split file's segment; the whole file by default),
    /// starting on a chunk boundary. `segmentSize`: also hash every segment of that size apart.
    init(size: Int64, chunkSize: Int, source: OpenFile, destination: OpenFile?, countsAsVerify: Bool,
         range: Range<Int64>? = nil, segmentSize: Int64? = nil) {
        device = (try? FileSystem.status(fd: source.fd).device) ?? 0
        self.size = size
        nextOffset = range?.lowerBound ?? 0
        end = range?.upperBound ?? size
        precondition(nextOffset % Int64(chunkSize) == 0 && end <= size, "a pass starts on a chunk boundary, inside the file")
        precondition(segmentSize.map { $0 % Int64(chunkSize) == 0 } ?? true, "segments end on chunk boundaries")
        self.segmentSize = segmentSize
        self.chunkSize = chunkSize
        self.source = source
        self.destination = destination
        self.countsAsVerify = countsAsVerify
    }

    var isComplete: Bool { failure == nil && nextOffset >= end && chunks.isEmpty }
    var isDrained: Bool { inflight == 0 }
    var digest: Digest128 { hasher.digest() }

    /// The error behind `failure`, when one system call's error was the cause.
    private(set) var failureErrno: Errno?

    func fail(_ message: String, errno: Errno? = nil) {
        guard failure == nil else { return }
        failure = message
        failureErrno = errno
    }

    /// Starts reads for new chunks while the worker has free buffers.
    func fill(_ worker: Worker, job: UInt32, kind: OpKind) {
        while failure == nil, nextOffset < end, let slot = worker.takeSlot(holding: chunks.count) {
            let length = Int(min(Int64(chunkSize), end - nextOffset))
            if let throttle = worker.options.throttle, !throttle.admit(length, device: device) {
                worker.giveSlot(slot)
                worker.throttled = true
                return
            }
            let chunk = Chunk(slot: slot, offset: nextOffset, length: length)
            chunks[nextIndex] = chunk
            submitRead(chunk, index: nextIndex, worker: worker, job: job, kind: kind)
            nextOffset += Int64(length)
            nextIndex += 1
        }
    }

    private func submitRead(_ chunk: Chunk, index: Int, worker: Worker, job: UInt32, kind: OpKind) {
        let offset = chunk.offset + Int64(chunk.read)
        var length = chunk.length - chunk.read
        if source.direct {
            if source.canDirect(offset: offset, length: length.roundedUp(to: source.alignment)) {
                // Asking for whole blocks past EOF is how O_DIRECT reads a file's tail.
                length = length.roundedUp(to: source.alignment)
            } else {
                source.dropDirect()
            }
        }
        inflight += 1
        worker.submit(.read(fd: source.fd, offset: offset, buffer: worker.buffer(chunk.slot) + chunk.read,
                            length: length, slot: Int32(chunk.slot)),
                      tag: Tag(job: job, kind: kind, chunk: index))
    }

    private func submitWrite(_ chunk: Chunk, index: Int, worker: Worker, job: UInt32) {
        guard var destination else { return }
        let offset = chunk.offset + Int64(chunk.written)
        let length = chunk.writeLength - chunk.written
        if destination.direct && !destination.canDirect(offset: offset, length: length) {
            destination.dropDirect()
            self.destination = destination
        }
        inflight += 1
        worker.submit(.write(fd: destination.fd, offset: offset, buffer: worker.buffer(chunk.slot) + chunk.written,
                             length: length, slot: Int32(chunk.slot)),
                      tag: Tag(job: job, kind: .write, chunk: index))
    }

    func readCompleted(index: Int, result: Int32, worker: Worker, job: UInt32, kind: OpKind) {
        inflight -= 1
        guard var chunk = chunks[index] else { return }
        if failure != nil { return release(index, worker) }
        if result == -Errno.tryAgain.rawValue || result == -Errno.interrupted.rawValue {
            return submitRead(chunk, index: index, worker: worker, job: job, kind: kind)
        }
        if result < 0 {
            fail("read failed at offset \(chunk.offset + Int64(chunk.read)): \(Errno(rawValue: -result))", errno: Errno(rawValue: -result))
            return release(index, worker)
        }
        if result == 0 {
            fail("file ended at \(chunk.offset + Int64(chunk.read)) bytes, \(size) expected: it changed during the transfer")
            return release(index, worker)
        }
        chunk.read += Int(result)
        chunks[index] = chunk
        if chunk.read < chunk.length {
            return submitRead(chunk, index: index, worker: worker, job: job, kind: kind)
        }
        chunk.readDone = true
        if let destination {
            chunk.writeLength = destination.direct ? chunk.length.roundedUp(to: destination.alignment) : chunk.length
            if chunk.writeLength > chunk.length {
                padded = true
                (worker.buffer(chunk.slot) + chunk.length).initializeMemory(as: UInt8.self, repeating: 0, count: chunk.writeLength - chunk.length)
            }
            chunks[index] = chunk
            submitWrite(chunk, index: index, worker: worker, job: job)
        } else {
            chunks[index] = chunk
        }
        hashInOrder(worker)
    }

    func writeCompleted(index: Int, result: Int32, worker: Worker, job: UInt32) {
        inflight -= 1
        guard var chunk = chunks[index] else { return }
        if failure != nil { return release(index, worker) }
        if result == -Errno.tryAgain.rawValue || result == -Errno.interrupted.rawValue {
            return submitWrite(chunk, index: index, worker: worker, job: job)
        }
        if result <= 0 {
            let reason = result == 0 ? "wrote nothing" : "\(Errno(rawValue: -result))"
            fail("write failed at offset \(chunk.offset + Int64(chunk.written)): \(reason)", errno: result < 0 ? Errno(rawValue: -result) : nil)
            return release(index, worker)
        }
        chunk.written += Int(result)
        chunks[index] = chunk
        if chunk.written < chunk.writeLength {
            return submitWrite(chunk, index: index, worker: worker, job: job)
        }
        worker.counters.bytesCopied.add(Int64(chunk.length), ordering: .relaxed)
        if chunk.releasable { release(index, worker) }
    }

    /// XXH128 needs the stream in file order; completions arrive in any order.
    private func hashInOrder(_ worker: Worker) {
        while var chunk = chunks[nextHash], chunk.readDone {
            let bytes = UnsafeRawBufferPointer(start: worker.buffer(chunk.slot), count: chunk.length)
            hasher.update(bytes)
            if let segmentSize { hashSegment(bytes, ending: chunk.offset + Int64(chunk.length), segmentSize) }
            chunk.hashed = true
            chunks[nextHash] = chunk
            if countsAsVerify { worker.counters.bytesVerified.add(Int64(chunk.length), ordering: .relaxed) }
            if chunk.releasable { release(nextHash, worker) }
            nextHash += 1
        }
    }

    private func hashSegment(_ bytes: UnsafeRawBufferPointer, ending: Int64, _ segmentSize: Int64) {
        segmentHasher.update(bytes)
        guard ending % segmentSize == 0 || ending == end else { return }
        segmentDigests.append(segmentHasher.digest())
        segmentHasher.reset()
    }

    private func release(_ index: Int, _ worker: Worker) {
        guard let chunk = chunks.removeValue(forKey: index) else { return }
        worker.giveSlot(chunk.slot)
    }

    /// After a failure, frees the buffers of chunks that have no operation in flight.
    func abandon(_ worker: Worker) {
        guard inflight == 0 else { return }
        for index in Array(chunks.keys) { release(index, worker) }
    }
}
