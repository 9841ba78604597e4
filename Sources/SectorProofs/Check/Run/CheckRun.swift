import Dispatch
import ScaleOut
public import SectorStore
import Synchronization
import TransferCore

/// `ferry check` as one library call: scan the stores, check every selected sector (in parallel,
/// reports handed out in sector order as they complete), and add the sectors the source of truth
/// knows that are in none of the stores.
public struct CheckRequest: Sendable {
    public var stores: [String]
    public var miner: MinerID?
    public var numbers: SectorSelection?
    public var options: CheckOptions
    public var truth: CommRTruth?
    /// `--shard I/N`: only this part of the sectors, byte-balanced by sector (0-based index).
    public var shard: (index: Int, count: Int)?

    public init(stores: [String], miner: MinerID? = nil, numbers: SectorSelection? = nil, options: CheckOptions = CheckOptions(), truth: CommRTruth? = nil) {
        self.stores = stores
        self.miner = miner
        self.numbers = numbers
        self.options = options
        self.truth = truth
    }
}

public struct CheckSummary: Sendable {
    public var sectors = 0
    public var failed = 0
    public var seconds = 0.0
    public var ok: Bool { failed == 0 }
}

public enum CheckRun {
    public static func run(_ request: CheckRequest, report: @escaping @Sendable (SectorReport) -> Void) -> CheckSummary {
        let started = ContinuousClock.now
        let scan = StoreScanner.scan(stores: request.stores, miner: request.miner, numbers: request.numbers)
        let entries = shardOf(scan.sectors.map { ($0.id, $0) } + missing(from: scan, request).map { ($0, nil) }, request.shard)
        let emitter = OrderedEmitter(count: entries.count, emit: report)
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            let (id, entry) = entries[index]
            emitter.finished(index, SectorChecker.check(id, entry, options: request.options, truth: request.truth))
        }
        let elapsed = started.duration(to: .now).components
        var summary = CheckSummary()
        summary.sectors = entries.count
        summary.failed = emitter.failed
        summary.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        return summary
    }

    /// The entries of shard `shard` (all when nil), by the partitioner `verify` and `plan` use.
    static func shardOf(_ entries: [(id: SectorID, entry: SectorEntry?)], _ shard: (index: Int, count: Int)?) -> [(id: SectorID, entry: SectorEntry?)] {
        guard let shard else { return entries }
        let units = entries.map { ShardUnit(key: $0.id.fileName, bytes: $0.entry?.size.map { Int64($0.rawValue) } ?? 0) }
        let assignment = ShardPartitioner.partition(units: units, shards: shard.count)
        return entries.indices.filter { assignment[$0] == shard.index }.map { entries[$0] }
    }

    /// Sectors the source of truth records (within --miner/--numbers) that no store holds (they
    /// check as "no sealed or update file").
    static func missing(from scan: StoreScan, _ request: CheckRequest) -> [SectorID] {
        guard let truth = request.truth else { return [] }
        let present = Set(scan.sectors.map(\.id))
        return truth.entries.keys
            .filter { !present.contains($0) && (request.miner == nil || $0.miner == request.miner) && (request.numbers?.contains($0.number) ?? true) }
            .sorted()
    }
}

/// Hands reports to `emit` in index order, each as soon as it and every one before it are done.
private final class OrderedEmitter: Sendable {
    private struct State {
        var pending: [Int: SectorReport] = [:]
        var next = 0
        var failed = 0
    }

    private let state = Mutex(State())
    private let emit: @Sendable (SectorReport) -> Void

    init(count: Int, emit: @escaping @Sendable (SectorReport) -> Void) { self.emit = emit }

    func finished(_ index: Int, _ report: SectorReport) {
        state.withLock { state in
            state.pending[index] = report
            if !report.ok { state.failed += 1 }
            while let ready = state.pending.removeValue(forKey: state.next) {
                emit(ready)
                state.next += 1
            }
        }
    }

    var failed: Int { state.withLock { $0.failed } }
}
