import Glibc
internal import CLiburing

/// io_uring through liburing: one ring per worker thread, fixed buffers when registration
/// succeeds, SINGLE_ISSUER|DEFER_TASKRUN when the kernel has them.
final class UringQueue: IOQueue {
    private let ring: UnsafeMutablePointer<io_uring>
    private var overflow: [(IORequest, UInt64)] = []
    private var tags: [UInt64]
    private var results: [Int32]
    private var registered = false
    private let datasyncFlag = ferry_uring_fsync_datasync_flag()
    /// IOPRIO_PRIO_VALUE for every read and write; 0 leaves the kernel's default.
    private let priority: UInt16
    let backendName: String

    init(entries: Int, priority: IOPriority? = nil) throws(Errno) {
        self.priority = priority?.rawValue ?? 0
        ring = .allocate(capacity: 1)
        var flags: UInt32 = 0
        let rc = ferry_uring_init(ring, UInt32(max(2, entries)), &flags)
        guard rc == 0 else {
            ring.deallocate()
            throw Errno(rawValue: -rc)
        }
        tags = Array(repeating: 0, count: 256)
        results = Array(repeating: 0, count: 256)
        backendName = flags & (1 << 13) != 0 ? "io_uring (single issuer, deferred task run)" : "io_uring"
    }

    deinit {
        if registered { io_uring_unregister_buffers(ring) }
        io_uring_queue_exit(ring)
        ring.deallocate()
    }

    func register(_ arena: BufferArena) -> Bool {
        var vectors = (0..<arena.slotCount).map { iovec(iov_base: arena.slot($0), iov_len: arena.slotSize) }
        registered = io_uring_register_buffers(ring, &vectors, UInt32(vectors.count)) == 0
        return registered
    }

    func enqueue(_ request: IORequest, tag: UInt64) {
        if overflow.isEmpty, prepare(request, tag: tag) { return }
        overflow.append((request, tag))
    }

    private func prepare(_ request: IORequest, tag: UInt64) -> Bool {
        guard let sqe = io_uring_get_sqe(ring) else { return false }
        switch request {
        case let .read(fd, offset, buffer, length, slot):
            if registered && slot >= 0 {
                io_uring_prep_read_fixed(sqe, fd, buffer, UInt32(length), UInt64(offset), slot)
            } else {
                io_uring_prep_read(sqe, fd, buffer, UInt32(length), UInt64(offset))
            }
        case let .write(fd, offset, buffer, length, slot):
            if registered && slot >= 0 {
                io_uring_prep_write_fixed(sqe, fd, buffer, UInt32(length), UInt64(offset), slot)
            } else {
                io_uring_prep_write(sqe, fd, buffer, UInt32(length), UInt64(offset))
            }
        case let .sync(fd):
            io_uring_prep_fsync(sqe, fd, 0)
        }
        // Reads and writes carry the run's I/O priority; fsync's ioprio field means nothing.
        if case .sync = request {} else if priority != 0 { sqe.pointee.ioprio = priority }
        io_uring_sqe_set_data64(sqe, tag)
        return true
    }

    func submit(waitingFor minimum: Int, into completions: inout [IOCompletion]) throws(Errno) {
        var reaped = 0
        while true {
            while !overflow.isEmpty, prepare(overflow[0].0, tag: overflow[0].1) {
                overflow.removeFirst()
            }
            let want = overflow.isEmpty ? max(0, minimum - reaped) : 0
            let rc = ferry_uring_submit_wait(ring, UInt32(want))
            if rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY && rc != -ETIME {
                throw Errno(rawValue: -rc)
            }
            while true {
                let count = Int(ferry_uring_drain(ring, &tags, &results, UInt32(tags.count)))
                for i in 0..<count { completions.append(IOCompletion(tag: tags[i], result: results[i])) }
                reaped += count
                if count < tags.count { break }
            }
            if overflow.isEmpty && reaped >= minimum { return }
        }
    }
}
