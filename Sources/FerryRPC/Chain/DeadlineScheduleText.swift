/// The lines `export files --dry-run` and `--defer skip` print for a deadline schedule.
public enum DeadlineScheduleText {
    /// `deferred: 6 (deadline 30 open), 7 (deadline 31 opens in 20m); run again later`
    public static func deferredLine(_ deferred: [DeferredSector]) -> String {
        "deferred: " + deferred.map { "\($0.sector) (\($0.deferral))" }.joined(separator: ", ") + "; run again later"
    }

    /// One header line, then one line per sector in move order:
    /// `sector 5 deadline 29 earliest start epoch 1000 (now)`
    /// `sector 6 deadline 30 earliest start epoch 1060 (in 30m: deadline 30 open)`
    /// `sector 9 deadline none earliest start epoch 1000 (now: in no partition on chain)`
    public static func dryRunLines(_ plan: DeadlineSchedule.Plan) -> [String] {
        [header(plan)] + plan.entries.map { line($0, at: plan.epoch) }
    }

    static func header(_ plan: DeadlineSchedule.Plan) -> String {
        let schedule = plan.schedule
        let open = schedule.openDeadlines(at: plan.epoch).map { String($0.deadline) }
        let deferred = plan.entries.count - plan.ready.count
        return "deadline schedule at epoch \(plan.epoch): current deadline \(schedule.period.currentDeadline(at: plan.epoch)), "
            + "open \(open.isEmpty ? "none" : open.joined(separator: ", ")), "
            + "margin \(EpochDuration.text(seconds: schedule.marginSeconds)); \(plan.ready.count) now, \(deferred) deferred"
    }

    static func line(_ entry: DeadlineSchedule.Entry, at epoch: Int64) -> String {
        let deadline = entry.deadline.map(String.init) ?? "none"
        let when: String
        if let deferral = entry.deferral {
            let wait = (entry.earliestStart - epoch) * EpochDuration.epochSeconds
            when = "in \(EpochDuration.text(seconds: wait)): \(deferral)"
        } else {
            when = entry.deadline == nil ? "now: in no partition on chain" : "now"
        }
        return "sector \(entry.sector) deadline \(deadline) earliest start epoch \(entry.earliestStart) (\(when))"
    }
}

extension DeadlineSchedule.Plan {
    public var dryRunLines: [String] { DeadlineScheduleText.dryRunLines(self) }
    /// nil when nothing is deferred.
    public var deferredLine: String? { deferred.isEmpty ? nil : DeadlineScheduleText.deferredLine(deferred) }
}
