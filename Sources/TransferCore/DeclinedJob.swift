/// A file `TransferOptions.decline` refused right before it would start:
/// it ends failed with the reason, nothing opened or written, its journal row left as planned
/// (the caller runs it again elsewhere).
final class DeclinedJob: WorkerJob {
    let item: TransferItem
    let reason: String

    init(item: TransferItem, reason: String) {
        self.item = item
        self.reason = reason
    }

    func pump(_ worker: Worker) -> Bool {
        worker.report(.fileFinished(FileResult(item: item, method: nil, digest: nil, seconds: 0, failure: reason, failureKind: .declined)))
        return true
    }

    func completed(_ tag: Tag, result: Int32, worker: Worker) {}

    var awaitsJournal: Bool { false }
    var streaming: Bool { false }
    var passing: Bool { false }
    var bytes: Int64 { 0 }
}
