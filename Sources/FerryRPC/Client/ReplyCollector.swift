import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Receives the replies of one URLSession, one per task, so that the client decides when a reply
/// ends instead of URLSession: `session.data(for:)` buffers everything and only knows an idle
/// timeout, so a server trickling a byte a second, or sending gigabytes, held ferry indefinitely.
final class ReplyCollector: NSObject, URLSessionDataDelegate, Sendable {
    enum Outcome: Sendable {
        case reply(Data, URLResponse?)
        case failed(any Error)
        /// The body passed the cap (announced or received); the task was cancelled.
        case tooLarge
        /// The deadline passed before the reply was complete; the task was cancelled.
        case timedOut
    }

    private struct Pending: Sendable {
        var continuation: CheckedContinuation<Outcome, Never>
        var body = Data()
        var response: URLResponse?
    }

    let maxReplyBytes: Int
    private let pending = Mutex<[Int: Pending]>([:])

    init(maxReplyBytes: Int) {
        self.maxReplyBytes = maxReplyBytes
    }

    /// Runs `task` to its outcome. The deadline is measured from here, before the request is sent,
    /// and ends the task whatever the server's pace; cancelling the calling Swift task ends it too.
    func run(_ task: URLSessionDataTask, deadline seconds: Double) async -> Outcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let id = task.taskIdentifier
                pending.withLock { $0[id] = Pending(continuation: continuation) }
                // Cancelled before the entry existed, the handler below found nothing to finish.
                if Task.isCancelled {
                    finish(task, .failed(CancellationError()))
                    return
                }
                // A GCD timer, not a Swift Task: the cooperative pool has one thread per core and
                // may be busy with blocking work (a test suite, the engine), which would let the
                // deadline pass unnoticed. When the reply completed first, the entry is gone and
                // this does nothing.
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                    if pending.withLock({ $0[id] != nil }) { abandon(task, .timedOut) }
                }
                task.resume()
            }
        } onCancel: {
            // The caller is resumed here, not when URLSession reports the cancelled task: on Linux
            // that report does not always come (measured: the lookups an export cancels after one
            // messager reply failed waited for their whole 300 s deadline in 3 of 8 runs, 0 of 8
            // with this line).
            finish(task, .failed(CancellationError()))
            task.cancel()
        }
    }

    /// Ends a task early with `outcome`; the completion URLSession reports for it later finds no
    /// pending entry and is ignored, so the caller is resumed exactly once.
    private func abandon(_ task: URLSessionTask, _ outcome: Outcome) {
        finish(task, outcome)
        task.cancel()
    }

    private func finish(_ task: URLSessionTask, _ outcome: Outcome) {
        guard let entry = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        entry.continuation.resume(returning: outcome)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        // An announced length over the cap is refused before any byte of the body is read. With a
        // Content-Encoding the announced length is the compressed one, so only counting decides.
        let encoded = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Encoding") != nil
        if !encoded, response.expectedContentLength > Int64(maxReplyBytes) {
            finish(dataTask, .tooLarge)
            completionHandler(.cancel)
            return
        }
        pending.withLock { $0[dataTask.taskIdentifier]?.response = response }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let limit = maxReplyBytes
        let overLimit = pending.withLock { table -> Bool in
            guard var entry = table[dataTask.taskIdentifier] else { return false }
            // Written as a subtraction so that the check itself cannot overflow.
            if data.count > limit - entry.body.count { return true }
            table[dataTask.taskIdentifier] = nil
            entry.body.append(data)
            table[dataTask.taskIdentifier] = entry
            return false
        }
        if overLimit { abandon(dataTask, .tooLarge) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error {
            entry.continuation.resume(returning: .failed(error))
        } else {
            entry.continuation.resume(returning: .reply(entry.body, entry.response ?? task.response))
        }
    }
}
