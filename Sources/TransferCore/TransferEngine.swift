import Foundation
public import TransferIO
import Synchronization

/// Runs items through `jobs` worker threads, each with its own queue and buffers, and returns
/// one result per item.
public enum TransferEngine {
    public static func run(
        _ items: [TransferItem],
        options requested: TransferOptions,
        stagingDirectory: String,
        log: any TransitionLog,
        counters: TransferCounters = TransferCounters(),
        report: @escaping @Sendable (TransferEvent) -> Void
    ) throws(Errno) -> [FileResult] {
        var options = requested
        if options.io == .uring, let error = IOQueueFactory.probeUring() {
            report(.notice("io_uring is not available here (\(error)); using the posix backend"))
            options.io = .posix
        }
        try FileSystem.makeDirectories(stagingDirectory, permissions: 0o700)
        let next = Mutex(0)
        let results = Mutex([FileResult]())
        let failure = Mutex<Errno?>(nil)
        let collect: @Sendable (TransferEvent) -> Void = { event in
            if case .fileFinished(let result) = event { results.withLock { $0.append(result) } }
            report(event)
        }
        let group = DispatchGroup()
        let workers = max(1, min(options.jobs, max(1, items.count)))
        let frozen = options
        for index in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do throws(Errno) {
                    let queue = try makeQueue(frozen, report: report, worker: index)
                    let arena = try BufferArena(slotSize: frozen.chunkSize, slotCount: frozen.slotsPerWorker)
                    let worker = Worker(queue: queue, arena: arena, options: frozen, counters: counters, log: log, report: collect)
                    try worker.run { key in
                        let claimed: Int? = next.withLock { position in
                            guard position < items.count else { return nil }
                            defer { position += 1 }
                            return position
                        }
                        guard let claimed else { return nil }
                        let item = items[claimed]
                        let staging = stagingDirectory + "/\(claimed)-" + FileSystem.baseName(of: item.destination) + ".part"
                        return FileJob(key: key, item: item, stagingPath: staging)
                    }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            thread.name = "ferry-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0 }
    }

    private static func makeQueue(_ options: TransferOptions, report: @Sendable (TransferEvent) -> Void, worker: Int) throws(Errno) -> any IOQueue {
        do {
            return try IOQueueFactory.make(options.io, depth: options.queueDepth)
        } catch {
            guard options.io == .uring else { throw error }
            report(.notice("worker \(worker): io_uring setup failed (\(error)); using the posix backend"))
            return try IOQueueFactory.make(.posix, depth: options.queueDepth)
        }
    }
}
