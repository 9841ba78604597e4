import ArgumentParser
import SectorExport
import SectorStore
import TransferCore
import TransferIO

/// `export files --cleanup-sources`: flags → `SectorCleanup.run` → damocles-style lines or NDJSON.
struct SourceCleanupRunner {
    let plan: SectorExportPlan
    let command: ExportFilesCommand
    let deadlines: ExportDeadlines?

    func run() throws {
        let writer = EventWriter(json: command.flags.json)
        let destination = FileSystem.absolute(command.destPath)
        let request = SectorCleanup.Request(plan: plan, sources: command.sources.map(FileSystem.absolute), destination: destination,
                                            options: command.flags.options(mode: .copy),
                                            throttle: command.flags.throttling.settings(ferryDirectory: destination + "/.ferry"),
                                            journalReset: command.flags.journalReset, deadlines: deadlines)
        let failed: Int
        do {
            failed = try SectorCleanup.run(request) { render($0, writer, destination: destination) }
        } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(1)
        }
        if failed > 0 { throw ExitCode(1) }
    }

    private func render(_ event: SectorCleanup.Event, _ writer: EventWriter, destination: String) {
        switch event {
        case .notice(let message):
            writer.handle(.notice(message))
        case .removed(let number, let count, let size):
            if writer.json {
                writer.emit(["event": "sector", "number": number, "status": "removed", "files": count, "bytes": size])
            } else {
                writer.line("cleanup sector \(number): \(count) file(s), \(ByteCount.format(size)) verified at \(destination) from the device; sources removed")
            }
        case .kept(let number, let why):
            if writer.json {
                writer.emit(["event": "sector", "number": number, "status": "kept", "error": why])
            } else {
                writer.error("cleanup sector \(number): \(why)")
            }
        case .summary(let files, let bytes, let failed, let sectors, let seconds):
            if writer.json {
                writer.summary(files: files, bytes: bytes, failed: failed, seconds: seconds, ["sectors": sectors, "cleanup": true])
            } else {
                writer.line("cleanup failure counts: \(failed), total: \(sectors)")
            }
        }
    }
}
