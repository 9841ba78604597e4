extension DeadlineSchedule {
    /// One sector's place in the schedule.
    public struct Entry: Sendable, Equatable {
        public let sector: UInt64
        /// nil: the sector is in no partition on chain, so WindowPoSt never reads it.
        public let deadline: UInt64?
        public let earliestStart: Int64
        /// Why it cannot start at the plan's epoch; nil when it can.
        public let deferral: Deferral?
    }

    /// The order to move sectors in, as seen at `epoch`.
    public struct Plan: Sendable {
        public let schedule: DeadlineSchedule
        public let epoch: Int64
        /// Move order: startable sectors first, the deadline that closed most recently first
        /// (sectors in no deadline before all), then deferred ones by the epoch they may start.
        public let entries: [Entry]

        public var ready: [Entry] { entries.filter { $0.deferral == nil } }
        public var deferred: [DeferredSector] {
            entries.compactMap { e in e.deferral.map { DeferredSector(sector: e.sector, deferral: $0) } }
        }
    }

    /// The plan for `sectors` (duplicates dropped) at `epoch`.
    public func plan(sectors: [UInt64], at epoch: Int64) -> Plan {
        let keyed = Set(sectors).map { sector in
            let start = earliestStart(sector: sector, at: epoch)
            let entry = Entry(sector: sector, deadline: deadlineOf[sector], earliestStart: start,
                              deferral: deferral(sector: sector, at: epoch))
            return (entry, headroom(sector: sector, at: start))
        }
        let ordered = keyed.sorted { a, b in
            if a.0.earliestStart != b.0.earliestStart { return a.0.earliestStart < b.0.earliestStart }
            // The most headroom at the start epoch is the deadline that closed most recently.
            if a.1 != b.1 { return a.1 > b.1 }
            return a.0.sector < b.0.sector
        }
        return Plan(schedule: self, epoch: epoch, entries: ordered.map(\.0))
    }
}
