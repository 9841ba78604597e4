import SectorStore
import TransferCore
import TransferIO

extension ExportRun {
    /// Reports every sector of the run: refused, not arrived whole, sources kept, or exported.
    mutating func account(_ selection: ExportSelection, results: [FileResult], removalFailures: [UInt64: [String: String]]) {
        let failedSources = Set(results.filter { !$0.succeeded }.map(\.item.source))
        for sector in selection.accountable where selection.clashes[sector.id.number] == nil {
            let number = sector.id.number
            if let refusal = sector.refusal {
                emit(.sectorFailed(number, .refused(refusal)))
                failedSectors.insert(number)
                continue
            }
            if sector.items.contains(where: { failedSources.contains($0.source) }) {
                failedSectors.insert(number)
                if !request.reserve { emit(.sectorIncomplete(number)) }
                continue
            }
            if let failures = removalFailures[number] {
                failedSectors.insert(number)
                for (source, reason) in failures.sorted(by: { $0.key < $1.key }) { emit(.sectorFailed(number, .file(source: source, reason: reason))) }
                continue
            }
            emit(.sectorExported(sector))
            sectorNotice(number)
        }
        // Sectors an earlier move took whole: no longer in the stores, finished in the journal.
        for number in finished.subtracting(plan.sectors.map(\.id.number)).sorted() where request.reportsRefusals {
            sectorNotice(number)
        }
    }

    /// Removes the source cache directories a move emptied, the partial copies of sectors that did
    /// not arrive whole, and the destination cache directories that left empty.
    func cleanUp(_ selection: ExportSelection, results: [FileResult]) {
        if !request.reserve {
            for directory in plan.emptiedDirectories { try? FileSystem.removeDirectory(directory) }
        }
        let failedSources = Set(results.filter { !$0.succeeded }.map(\.item.source))
        // Only sectors with a file that did not arrive: one that arrived whole but kept a source
        // (a removal refused, --check failed) keeps its verified copy.
        let partial = selection.exported.filter { $0.items.contains { failedSources.contains($0.source) } }
        for (number, removed) in PartialCopies.remove(of: partial, results: results) { emit(.partialCopiesRemoved(number, files: removed)) }
        // An empty cache/<sector> left by a sector that did not arrive would look like a sector
        // to lotus; rmdir only ever removes empty directories.
        for sector in selection.exported where failedSectors.contains(sector.id.number) {
            for directory in Set(sector.items.map { FileSystem.parentDirectory(of: $0.destination) }) where directory.hasSuffix("/" + sector.id.fileName) {
                try? FileSystem.removeDirectory(directory)
            }
        }
    }

    /// damocles' totals: failed sectors of all the run accounts for (and the numbers not found).
    func summarize(_ selection: ExportSelection, outcome: TransferSession.Outcome) {
        let total = selection.accountable.count + (request.reportsRefusals ? missingNumbers.count : 0)
        let arrived = outcome.results.filter(\.succeeded)
        let copied = arrived.filter { $0.method == .copy && !$0.resumed }
        emit(.summary(SectorExportSummary(files: outcome.results.count, bytes: arrived.reduce(Int64(0)) { $0 + $1.item.size },
                                          copiedBytes: copied.reduce(Int64(0)) { $0 + $1.item.size }, failedSectors: failedSectors.count,
                                          total: total, seconds: outcome.seconds, throttle: options.throttle?.stats,
                                          skipped: selection.skipped)))
    }
}
