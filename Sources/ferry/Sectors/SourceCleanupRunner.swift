import ArgumentParser
import Foundation
import SectorExport
import SectorStore
import TransferCore
import TransferIO

/// `export files --cleanup-sources`: flags → `SourceCleanup` per sector → damocles-style lines.
struct SourceCleanupRunner {
    let plan: SectorExportPlan
    let command: ExportFilesCommand
    let deadlines: ExportDeadlines?

    func run() throws {
        let started = ContinuousClock.now
        let writer = EventWriter(json: command.flags.json)
        let destination = FileSystem.absolute(command.destPath)
        let records = Self.reserveRecords(ferryDirectory: destination + "/.ferry")
        guard !records.isEmpty else {
            writer.error("ferry: no --reserve export journal under \(destination)/.ferry: run `export files --reserve` into this path first")
            throw ExitCode(1)
        }
        var options = command.flags.options(mode: .copy)
        options.throttle = command.flags.throttling.throttle(ferryDirectory: destination + "/.ferry")
        options.memoryBudget = max(options.memoryBudget, options.jobs * 2 * options.chunkSize)
        let items = plan.sectors.flatMap(\.items)
        let transfer = TransferPlan(items: items, destinationRoot: destination, sources: command.sources.map(FileSystem.absolute), destination: destination)
        let session: TransferSession
        do {
            session = try TransferSession(plan: transfer, options: TransferOptions(mode: .move), journalPath: destination + "/.ferry/journal-cleanup",
                                          reset: command.flags.journalReset) { writer.handle(.notice($0)) }
        } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(1)
        }
        defer { session.journal.close() }
        let cleanup = SourceCleanup(records: records, options: options)
        var failed = 0, files = 0, bytes = Int64(0)
        for sector in plan.sectors {
            let reason = sector.refusal ?? deadlines.flatMap { $0.plan.schedule.deferral(sector: sector.id.number, at: $0.epochNow) }
                .map { "\($0) (WindowPoSt may read the source copy); kept for now, run again later" }
            let outcome = reason.map(SourceCleanup.Outcome.kept) ?? cleanup.clean(sector, session: session)
            switch outcome {
            case .removed(let count, let size):
                files += count
                bytes += size
                if writer.json {
                    writer.emit(["event": "sector", "number": sector.id.number, "status": "removed", "files": count, "bytes": size])
                } else {
                    writer.line("cleanup sector \(sector.id.number): \(count) file(s), \(ByteCount.format(size)) verified at \(destination) from the device; sources removed")
                }
            case .kept(let why):
                failed += 1
                if writer.json {
                    writer.emit(["event": "sector", "number": sector.id.number, "status": "kept", "error": why])
                } else {
                    writer.error("cleanup sector \(sector.id.number): \(why)")
                }
            }
        }
        for directory in plan.emptiedDirectories { try? FileSystem.removeDirectory(directory) }
        if writer.json {
            let elapsed = (ContinuousClock.now - started).components
            writer.summary(files: files, bytes: bytes, failed: failed, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18,
                           ["sectors": plan.sectors.count, "cleanup": true])
        } else {
            writer.line("cleanup failure counts: \(failed), total: \(plan.sectors.count)")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// The rows of every journal of the destination's reserve runs (shards included), by source.
    static func reserveRecords(ferryDirectory: String) -> [String: JournalRecord] {
        var records: [String: JournalRecord] = [:]
        let names = ((try? FileSystem.listDirectory(ferryDirectory)) ?? []).filter { $0.hasPrefix("journal") && $0 != "journal-cleanup" }
        for name in names.sorted() where JournalReader.identity(at: ferryDirectory + "/" + name)?.operation == TransferMode.copy.rawValue {
            guard let rows = try? JournalReader.records(at: ferryDirectory + "/" + name) else { continue }
            records.merge(rows) { first, second in first.state >= second.state ? first : second }
        }
        return records
    }
}
