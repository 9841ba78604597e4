import Foundation
import KVStore

/// `ferry export metadata`: damocles sector states → lotus-miner datastore. Every sector that
/// converts is written in one synced atomic batch, after a backup; a failed sector is reported and
/// left out (`allOrNothing` writes nothing then).
public enum MetadataExport {
    public static func run(repo: LotusRepo, states: [DamoclesSectorState], options: ExportOptions) throws(ExportError) -> ExportReport {
        guard let minerID = options.miner.actorID else { throw ExportError("--miner must be an ID address") }
        if let n = options.nextNumber, let problem = SectorNumberLimit.problem(n, "--next-number") {
            throw ExportError("\(problem); nothing written")
        }
        let repoGuard: RepoGuard
        do { repoGuard = try RepoGuard(repo: repo) } catch { throw ExportError(error.description) }
        defer { repoGuard.release() }

        var report = ExportReport(miner: options.miner.description, repo: repo.path, dryRun: options.dryRun)
        report.allOrNothing = options.allOrNothing
        if options.mapping.messages.resolving { report.messagerLookups = options.mapping.messages.statuses.count }
        let plan: Plan
        do {
            let store = try MetadataStore(guard: repoGuard)
            defer { store.close() }
            try store.checkMiner(options.miner)
            plan = try Plan(store: store, states: states.filter { $0.ID.miner == minerID }, options: options, report: &report)
        } catch {
            throw ExportError(error.description)
        }
        let blocked = options.allOrNothing && report.failureCount > 0
        guard !blocked, !options.dryRun, !plan.batch.isEmpty else { return report }

        // The datastore is closed while we copy it, and our locks keep lotus out meanwhile.
        if !options.noBackup {
            do { report.backup = try backup(repo) } catch { throw ExportError("backup failed, nothing written: \(error)") }
        }
        do {
            let store = try MetadataStore(guard: repoGuard)
            defer { store.close() }
            try store.write(plan.batch)
            try plan.verify(store)
            report.written = true
            report.numbersAfter = .init(try store.sectorNumbers())
        } catch {
            throw ExportError(error.description)
        }
        return report
    }

    /// Copies `datastore/metadata` to `<repo>/ferry-backup/metadata-<UTC time>` (outside
    /// `datastore/`, which lotus scans for its own datastores).
    static func backup(_ repo: LotusRepo) throws -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let dir = repo.path + "/ferry-backup"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var target = dir + "/metadata-" + formatter.string(from: Date())
        var n = 1
        while FileManager.default.fileExists(atPath: target) {
            n += 1
            target = dir + "/metadata-" + formatter.string(from: Date()) + "-\(n)"
        }
        try FileManager.default.copyItem(atPath: repo.metadataPath, toPath: target)
        try? FileManager.default.removeItem(atPath: target + "/LOCK")  // not data; avoids confusing a later restore
        return target
    }
}
