import FerryRPC
import Foundation
import SectorExport
import SectorStore
import Synchronization
import TransferCore

/// Renders an export's events as damocles prints them (runbooks grep these lines) or, with
/// --json, as NDJSON (docs/json.md), and watches the run (bar, heartbeat, progress file).
final class SectorExportRenderer: Sendable {
    let writer: EventWriter
    let destination: String
    let verb: String
    private let dryRun: Bool
    let statsInterval: Double
    let monitor = Mutex<RunMonitor?>(nil)

    private var json: Bool { writer.json }

    init(writer: EventWriter, destination: String, reserve: Bool, dryRun: Bool, statsInterval: Double) {
        self.writer = writer
        self.destination = destination
        verb = reserve ? "copy" : "move"
        self.dryRun = dryRun
        self.statsInterval = statsInterval
    }

    func render(_ event: SectorExportEvent) {
        switch event {
        case .notice(let message): writer.handle(.notice(message))
        case .shardNotice(let message): writer.error("ferry: \(message)")
        case .destination(let place): if !json { dryRun ? writer.line(place) : writer.error("ferry: " + place) }
        case .rootWarning(let warning): if !json { writer.error("ferry: " + warning) }
        case .scheduleLine(let line): writer.line(line)
        case .sectorFailed(let number, let failure): report(Self.line(number, failure), number: number)
        case .alreadyExported(let number): notice("sector \(number): already exported to \(destination)")
        case .sectorKeyLeft(let key):
            notice("sector \(key.number): sector key (sealed/ + cache/, \(ByteCount.format(key.bytes))) left in \(key.store); --with-sector-key exports it")
        case .planned(let sector, let method): planned(sector, method: method.rawValue)
        case .dryRunSummary(let summary): dryRunSummary(summary)
        case .placed(let number, let path, let reason):
            if json { writer.emit(Self.placement(number, path, reason)) } else { writer.line("sector \(number) → \(path) (reason: \(reason))") }
        case .placementTotal(let path, let sectors, let bytes):
            if json { writer.emit(["event": "placement_total", "path": path, "sectors": sectors, "bytes": bytes]) } else { writer.line("\(path): \(sectors) sector(s), \(ByteCount.format(bytes))") }
        case .deviceGroups(let entries):
            if json { writer.emit(["event": "device_groups", "groups": DeviceGroupsRendering.json(entries)]) } else { DeviceGroupsRendering.lines(entries).forEach(writer.line) }
        case .started(let start): started(start)
        case .transfer(let event): writer.handle(event)
        case .file(let result, let sector): file(result, sector: sector)
        case .sectorCommitted(let number, let results): if !json { committed(number, results) }
        case .aborted(let reason, let sectors):
            finish(.failed)
            writer.error("ferry: \(reason)")
            writer.line("export failure counts: \(sectors), total: \(sectors)")
        case .sourceRemoval: monitor.withLock { $0 }?.enterSourceRemoval()
        case .sectorIncomplete(let number):
            if !json {
                writer.error("export sector \(number): not every file arrived, so its remaining sources were kept (files renamed on the same file system stay at the destination); run again to resume")
            }
        case .sectorExported(let sector):
            if json {
                writer.emit(["event": "sector", "number": sector.id.number, "status": "ok", "files": sector.items.count,
                             "bytes": sector.bytes, "snap_upgraded": sector.snapUpgraded])
            }
        case .partialCopiesRemoved(let number, let files):
            if !json {
                writer.error("export sector \(number): removed the \(files) file(s) of it that arrived, so lotus does not see a partial sector; its sources are untouched")
            }
        case .manifestFailed(let problem): writer.error("ferry: cannot write the manifest: \(problem)")
        case .summary(let summary): self.summary(summary)
        }
    }

    /// Stops watching the run (once): the bar goes, the progress file gets its final state.
    func finish(_ state: ProgressFile.State) {
        monitor.withLock { monitor in
            let running = monitor
            monitor = nil
            return running
        }?.finish(state)
    }

    /// damocles' line for a failed sector.
    static func line(_ number: UInt64, _ failure: SectorFailure) -> String {
        switch failure {
        case .notFound(let miner): "find sector \(number) location: not found in the stores for \(miner)"
        case .refused(let reason): "export sector \(number) file: \(reason)"
        case .file(let source, let reason): "export sector \(number) file: \(source): \(reason)"
        }
    }

    private func report(_ line: String, number: UInt64) {
        if json {
            writer.emit(["event": "sector", "number": number, "status": "failed", "error": line])
        } else {
            writer.error(line)
        }
    }

    /// A per-sector notice is a result: on stdout, or a `notice` event with --json.
    private func notice(_ text: String) {
        if json { writer.emit(["event": "notice", "message": text]) } else { writer.line(text) }
    }

    /// A placement as JSON: the reason's kind, and the rank's two factors when it was ranked.
    static func placement(_ number: UInt64, _ path: String, _ reason: Placement.Reason) -> [String: Any] {
        var object: [String: Any] = ["event": "placement", "number": number, "path": path]
        switch reason {
        case .rename: object["reason"] = "rename"
        case .recorded: object["reason"] = "recorded"
        case .rank(let available, let weight):
            object["reason"] = "rank"
            object["available"] = available
            object["weight"] = weight
        }
        return object
    }
}
