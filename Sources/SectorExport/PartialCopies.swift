import SectorStore
import TransferCore
import TransferIO

enum PartialCopies {
    /// A sector whose sealed (or update) file did not arrive must not leave its cache files at
    /// the destination: lotus would declare a sector that is not there. Only copies this run
    /// made are removed, and only while their source is still in place, unchanged, so no byte
    /// exists only at the destination; renamed files (their source is gone) stay.
    /// Returns how many files were removed, by sector (sectors with none are left out).
    static func remove(of sectors: [SectorExportPlan.Sector], results: [FileResult]) -> [(sector: UInt64, removed: Int)] {
        let bySource = Dictionary(results.map { ($0.item.source, $0) }, uniquingKeysWith: { a, _ in a })
        var removals: [(sector: UInt64, removed: Int)] = []
        for sector in sectors {
            var removed = 0
            for item in sector.items {
                guard let result = bySource[item.source], result.succeeded, !result.resumed,
                      result.method == .copy || result.method == .reflink,
                      let source = try? FileSystem.status(item.source), source.size == item.size,
                      source.modificationTime == item.modificationTime else { continue }
                let anchored = item.anchoredDestination
                if (try? anchored.openParent().unlink(anchored.name)) != nil { removed += 1 }
            }
            if removed > 0 { removals.append((sector.id.number, removed)) }
        }
        return removals
    }
}
