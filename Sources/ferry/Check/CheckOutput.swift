import Foundation
import SectorCheck
import Synchronization

/// `ferry check`'s output: a line per sector (or an NDJSON `sector` event), then a summary.
final class CheckOutput: Sendable {
    let json: Bool
    private let lock = Mutex(())
    /// For the summary's core (docs/json.md): the replica and tree files checked, and the bytes
    /// of the replicas they vouch for.
    private let totals = Mutex((files: 0, bytes: Int64(0)))

    init(json: Bool) { self.json = json }

    func sector(_ report: SectorReport) {
        let replicas = [report.live, report.sectorKey].compactMap { $0 }
        totals.withLock {
            $0.files += replicas.reduce(0) { $0 + 1 + $1.treeFiles }
            $0.bytes += Int64(replicas.count) * (report.size?.bytes ?? 0)
        }
        if json { emit(Self.object(report)) } else { write(report.line) }
    }

    func summary(_ summary: CheckSummary, _ options: CheckOptions) {
        let mode = options.full ? "every node" : "\(options.challenges) challenges per replica, seed \(options.seed)"
        if json {
            let (files, bytes) = totals.withLock { ($0.files, $0.bytes) }
            emit(EventWriter.summary(files: files, bytes: bytes, failed: summary.failed, seconds: summary.seconds,
                                     ["sectors": summary.sectors, "full": options.full, "challenges": options.challenges, "seed": options.seed]))
        } else {
            write("\(summary.sectors) sector(s) checked: \(summary.sectors - summary.failed) ok, \(summary.failed) failed "
                + "(\(mode); \(String(format: "%.2f", summary.seconds)) s)")
        }
    }

    func error(_ text: String) {
        lock.withLock { _ in FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    private func write(_ text: String) {
        lock.withLock { _ in FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }

    private func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        lock.withLock { _ in FileHandle.standardOutput.write(data + Data("\n".utf8)) }
    }

    static func object(_ report: SectorReport) -> [String: Any] {
        var object: [String: Any] = ["event": "sector", "sector": report.id.fileName, "miner": report.id.miner.description,
                                     "number": report.id.number, "status": report.ok ? "ok" : "failed",
                                     "snap_upgraded": report.snapUpgraded, "problems": report.allProblems]
        if let size = report.size { object["size"] = size.description }
        if let live = report.live { object["replica"] = replica(live) }
        if let key = report.sectorKey { object["sector_key"] = replica(key) }
        return object
    }

    static func replica(_ r: ReplicaReport) -> [String: Any] {
        var object: [String: Any] = ["kind": r.kind.rawValue, "ok": r.ok, "cache_files": r.treeFiles, "cache_files_ok": r.treeFilesOK,
                                     "challenges": r.challenges, "challenges_passed": r.challengesPassed]
        if let commR = r.commR { object["commr"] = commR }
        if let expected = r.expectedCommR { object["expected_commr"] = expected }
        if let full = r.full {
            object["full"] = ["nodes": full.nodes, "nodes_ok": full.nodesOK, "bytes": full.bytes,
                              "seconds": (full.seconds * 1000).rounded() / 1000, "gib_per_s": (full.gibPerSecond * 1000).rounded() / 1000]
        }
        return object
    }
}
