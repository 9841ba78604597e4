import Glibc

/// Plain pread/pwrite/fsync, executed when submitted. Parallelism comes from running one
/// queue per worker thread; used where io_uring is unavailable and as `--io posix`.
final class PosixQueue: IOQueue {
    private var pending: [(IORequest, UInt64)] = []
    let backendName = "posix (pread/pwrite)"

    func register(_ arena: BufferArena) -> Bool { false }

    func enqueue(_ request: IORequest, tag: UInt64) {
        pending.append((request, tag))
    }

    func submit(waitingFor minimum: Int, into completions: inout [IOCompletion]) throws(Errno) {
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        for (request, tag) in batch {
            completions.append(IOCompletion(tag: tag, result: Self.execute(request)))
        }
    }

    static func execute(_ request: IORequest) -> Int32 {
        while true {
            let rc: Int
            switch request {
            case let .read(fd, offset, buffer, length, _):
                rc = pread(fd, buffer, length, off_t(offset))
            case let .write(fd, offset, buffer, length, _):
                rc = pwrite(fd, buffer, length, off_t(offset))
            case let .sync(fd):
                rc = Int(fsync(fd))
            }
            if rc >= 0 { return Int32(rc) }
            if errno != EINTR { return -errno }
        }
    }
}
