import FerryRPC
import Foundation
import SectorExport
import SectorStore
import TransferCore

extension SectorExportRenderer {
    /// The run starts: its `start` event, and the monitor that watches it.
    func started(_ start: SectorExportStart) {
        let session = start.session
        let options = start.options
        if writer.json {
            writer.emit(["event": "start", "operation": options.mode.rawValue, "sectors": start.sectors, "files": session.plan.items.count,
                         "bytes": session.plan.totalBytes, "destination": destination, "journal": session.journal.path, "io": options.io.name])
        }
        let monitor = RunMonitor.forRun(session: session, tracker: start.tracker, totalBytes: session.plan.totalBytes, verifying: true,
                                        operation: options.mode.rawValue, destination: destination, statsInterval: statsInterval,
                                        throttle: start.throttle)
        self.monitor.withLock { $0 = monitor }
        monitor.start()
    }

    func file(_ result: FileResult, sector: UInt64?) {
        if writer.json {
            writer.handle(.fileFinished(result))
        } else if let failure = result.failure, let sector {
            writer.error("export sector \(sector) file: \(result.item.source): \(failure)" + EventWriter.advice(for: result))
        }
    }

    /// damocles' lines for a sector, printed once its last file is committed and all together:
    /// a log never claims a file that did not arrive, and sectors do not interleave. Files an
    /// earlier run finished are not claimed again.
    func committed(_ number: UInt64, _ results: [FileResult]) {
        let fresh = results.filter { $0.succeeded && !$0.resumed }
        guard !fresh.isEmpty else { return }
        writer.line("move sector \(number) file ...")
        for result in fresh { writer.line("\(verb) file from \(result.item.source) to \(result.item.destination)") }
    }

    func planned(_ sector: SectorExportPlan.Sector, method how: String) {
        if writer.json {
            writer.emit(["event": "plan", "number": sector.id.number, "sector": sector.id.fileName, "files": sector.items.count,
                         "bytes": sector.bytes, "method": how, "snap_upgraded": sector.snapUpgraded,
                         "items": sector.items.map { ["source": $0.source, "destination": $0.destination, "bytes": $0.size] }])
        } else {
            writer.line("sector \(sector.id.number) (\(sector.id.fileName)\(sector.snapUpgraded ? ", snap-upgraded" : "")): \(sector.items.count) files, \(ByteCount.format(sector.bytes)), \(how)")
            for item in sector.items { writer.line("  \(how) \(item.source) -> \(item.destination)") }
        }
    }

    func dryRunSummary(_ summary: DryRunSummary) {
        if writer.json {
            writer.summary(files: summary.files, bytes: summary.bytes, failed: summary.refused, seconds: summary.seconds,
                           ["dry_run": true, "sectors": summary.sectors, "refused": summary.refused])
        } else {
            writer.line("dry run: \(summary.sectors) sector(s), \(summary.files) file(s), \(ByteCount.format(summary.bytes)); \(summary.refused) refused; nothing was changed")
        }
    }

    /// `failed` counts sectors, as the exit status does; `failures` and `total` are damocles' names.
    func summary(_ summary: SectorExportSummary) {
        if writer.json {
            writer.summary(files: summary.files, bytes: summary.bytes, failed: summary.failedSectors, seconds: summary.seconds,
                           ["sectors": summary.total, "failures": summary.failedSectors, "total": summary.total,
                            "throttled_seconds": summary.throttle?.throttledSeconds ?? 0, "paused_seconds": summary.throttle?.pausedSeconds ?? 0])
            return
        }
        if summary.copiedBytes > 0 {
            let held = summary.throttle.map { ThrottleSummary.parts($0) } ?? []
            writer.line("copied and verified \(ByteCount.format(summary.copiedBytes)) in \(String(format: "%.2f", summary.seconds)) s (\(ByteCount.rate(summary.copiedBytes, seconds: summary.seconds)))"
                        + held.map { "; " + $0 }.joined())
        }
        if !summary.skipped.isEmpty { writer.line(DeadlineScheduleText.deferredLine(summary.skipped)) }
        writer.line("export failure counts: \(summary.failedSectors), total: \(summary.total)")
    }
}
