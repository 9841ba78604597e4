public import FerryRPC
public import SectorStore
import Synchronization
import TransferCore

/// `export files --chain-api`: the WindowPoSt schedule of the miner's sectors, turned into what
/// the engine understands — an order, a start gate per file, and device limits while a deadline
/// is open. Epochs are extrapolated from the plan's (30 s each): no polling of the node mid-run.
public struct ExportDeadlines: Sendable {
    public let plan: DeadlineSchedule.Plan
    let planned = ContinuousClock.now
    let skip: Bool

    public init(plan: DeadlineSchedule.Plan, skip: Bool) {
        self.plan = plan
        self.skip = skip
    }

    public static func fetch(api: String, token: String?, miner: MinerID, sectors: [UInt64], margin: Int64,
                      provingLimit: UInt64, skip: Bool) async throws -> ExportDeadlines {
        let endpoint = try APIEndpoint(address: api, token: token)
        let chain = ChainAPI(client: JSONRPCClient(endpoint: endpoint))
        let plan = try await DeadlineSchedule.plan(api: chain, miner: "f0\(miner.id)", sectors: sectors, marginSeconds: margin,
                                                   provingLimit: ProvingLimit(bytesPerSecond: provingLimit))
        return ExportDeadlines(plan: plan, skip: skip)
    }

    public var epochNow: Int64 {
        let elapsed = ContinuousClock.now - planned
        return plan.epoch + elapsed.components.seconds / EpochDuration.epochSeconds
    }

    /// Sectors in the schedule's order (deadline closed most recently first, deferred last).
    func order(_ sectors: [SectorExportPlan.Sector]) -> [SectorExportPlan.Sector] {
        let rank = Dictionary(uniqueKeysWithValues: plan.entries.enumerated().map { ($1.sector, $0) })
        return sectors.sorted { (rank[$0.id.number] ?? Int.max, $0.id.number) < (rank[$1.id.number] ?? Int.max, $1.id.number) }
    }

    /// With `--defer skip`, the sectors left for a later run (deferred at the plan's epoch).
    public var skipped: [DeferredSector] { skip ? plan.deferred : [] }

    /// A file may start when its sector's deadline is neither open nor within the margin now;
    /// says once per sector what it waits for.
    func gate(sectorOf: [String: UInt64], notice: @escaping @Sendable (String) -> Void) -> @Sendable (TransferItem) -> Bool {
        let announced = Mutex(Set<UInt64>())
        return { item in
            guard let sector = sectorOf[item.source], let deferral = plan.schedule.deferral(sector: sector, at: epochNow) else { return true }
            if announced.withLock({ $0.insert(sector).inserted }) {
                let wait = (deferral.resumeEpoch - epochNow) * EpochDuration.epochSeconds
                notice("sector \(sector) waits: \(deferral) (WindowPoSt); it starts after epoch \(deferral.resumeEpoch), in about \(EpochDuration.text(seconds: max(0, wait)))")
            }
            return false
        }
    }

    /// The devices holding sectors of a deadline that is open now, at --proving-bwlimit (0: paused).
    func deviceLimits(devicesOf: [UInt64: Set<UInt64>], notice: @escaping @Sendable (String) -> Void) -> @Sendable () -> [UInt64: Int64] {
        let announced = Mutex(Set<UInt64>())
        return { [plan] in
            let windows = plan.schedule.openDeadlines(at: epochNow)
            let open = Set(windows.map(\.deadline))
            for window in windows where announced.withLock({ $0.insert(window.deadline).inserted }) {
                notice("deadline \(window.deadline) open (WindowPoSt) until epoch \(window.close): the disks holding its sectors run \(plan.schedule.provingLimit) (--proving-bwlimit)")
            }
            guard !open.isEmpty else { return [:] }
            let limit: Int64
            switch plan.schedule.provingLimit {
            case .pause: limit = 0
            case .bytesPerSecond(let rate): limit = Int64(clamping: rate)
            }
            var limits: [UInt64: Int64] = [:]
            for (sector, deadline) in plan.schedule.deadlineOf where open.contains(deadline) {
                for device in devicesOf[sector] ?? [] { limits[device] = limit }
            }
            return limits
        }
    }
}
