import SectorProofs
public import SectorStore

/// Checks one sector: its live replica, a snapped sector's sector key too, and what ties them
/// together (the two p_aux share comm_c; CommR against the source of truth).
public enum SectorChecker {
    /// `entry` is what the stores hold for sector `id`; nil when they hold nothing of it.
    public static func check(_ id: SectorID, _ entry: SectorEntry?, options: CheckOptions, truth: CommRTruth?) -> SectorReport {
        var report = SectorReport(id: id)
        if let truth {
            report.problems += truth.problems[id] ?? []
            if truth.entries[id] == nil { report.problems.append("no record of this sector in \(truth.name)") }
        }
        guard let entry, let live = entry.live else {
            report.problems.append("no sealed or update file in the stores")
            return report
        }
        report.size = entry.size
        report.snapUpgraded = entry.isSnapUpgraded
        let (liveReport, livePAux) = check(live, entry.id, options, truth)
        report.live = liveReport
        if entry.isSnapUpgraded, let key = entry.sealed {
            let (keyReport, keyPAux) = check(key, entry.id, options, truth)
            report.sectorKey = keyReport
            if let livePAux, let keyPAux, livePAux.commC != keyPAux.commC {
                report.problems.append("\(live.cacheDirectory ?? "update-cache")/p_aux comm_c \(livePAux.commC.hex) differs from "
                    + "\(key.cacheDirectory ?? "cache")/p_aux comm_c \(keyPAux.commC.hex): the update cache belongs to another sector")
            }
        }
        return report
    }

    private static func check(_ replica: SectorReplica, _ id: SectorID, _ options: CheckOptions, _ truth: CommRTruth?) -> (ReplicaReport, PersistentAux?) {
        ReplicaChecker(id: id, replica: replica, options: options, expected: truth?.expected(id, replica.kind)).run()
    }
}
