import SectorStore
public import TransferCore
import TransferIO

/// `export files --cleanup-sources`, the second phase after `--reserve`: for each sector, the
/// destination re-hashed against the reserve run's journal (`SourceCleanup`), then its sources
/// removed through a session of its own (`<dest>/.ferry/journal-cleanup`).
public enum SectorCleanup {
    public struct Request: Sendable {
        public var plan: SectorExportPlan
        public var sources: [String]
        public var destination: String
        /// The engine's options for re-reading the destination (a copy's: jobs, I/O, buffers …).
        public var options: TransferOptions
        public var throttle: Throttle.Settings
        public var journalReset: Bool
        /// `--chain-api`: a sector whose WindowPoSt deadline is near keeps its sources for now.
        public var deadlines: ExportDeadlines?

        public init(plan: SectorExportPlan, sources: [String], destination: String, options: TransferOptions,
                    throttle: Throttle.Settings, journalReset: Bool, deadlines: ExportDeadlines?) {
            self.plan = plan
            self.sources = sources
            self.destination = destination
            self.options = options
            self.throttle = throttle
            self.journalReset = journalReset
            self.deadlines = deadlines
        }
    }

    public enum Event: Sendable {
        case notice(String)
        case removed(UInt64, files: Int, bytes: Int64)
        case kept(UInt64, reason: String)
        case summary(files: Int, bytes: Int64, failed: Int, sectors: Int, seconds: Double)
    }

    /// Throws when there is no reserve run to clean up after, or its journal cannot be opened;
    /// returns how many sectors kept their sources.
    public static func run(_ request: Request, events: (Event) -> Void) throws(SectorExportError) -> Int {
        let started = ContinuousClock.now
        let destination = request.destination
        let records = reserveRecords(ferryDirectory: destination + "/.ferry")
        guard !records.isEmpty else {
            throw SectorExportError("no --reserve export journal under \(destination)/.ferry: run `export files --reserve` into this path first")
        }
        let session = try openSession(request, notice: { events(.notice($0)) })
        defer { session.journal.close() }
        var options = request.options
        options.throttle = Throttle(request.throttle)
        options.memoryBudget = max(options.memoryBudget, options.jobs * 2 * options.chunkSize)
        let cleanup = SourceCleanup(records: records, options: options)
        var failed = 0, files = 0, bytes = Int64(0)
        for sector in request.plan.sectors {
            switch cleanup.clean(sector, session: session, unless: deferral(of: sector, request.deadlines)) {
            case .removed(let count, let size):
                files += count
                bytes += size
                events(.removed(sector.id.number, files: count, bytes: size))
            case .kept(let why):
                failed += 1
                events(.kept(sector.id.number, reason: why))
            }
        }
        for directory in request.plan.emptiedDirectories { try? FileSystem.removeDirectory(directory) }
        let elapsed = (ContinuousClock.now - started).components
        events(.summary(files: files, bytes: bytes, failed: failed, sectors: request.plan.sectors.count,
                        seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18))
        return failed
    }

    private static func openSession(_ request: Request, notice: (String) -> Void) throws(SectorExportError) -> TransferSession {
        let destination = request.destination
        let transfer = TransferPlan(items: request.plan.items, destinationRoot: destination, sources: request.sources, destination: destination)
        do {
            return try TransferSession(plan: transfer, options: TransferOptions(mode: .move), journalPath: destination + "/.ferry/journal-cleanup",
                                       reset: request.journalReset, notice: notice)
        } catch {
            throw SectorExportError("\(error)")
        }
    }

    /// Why the sector keeps its sources without being looked at: refused by the plan, or its
    /// WindowPoSt deadline is near.
    private static func deferral(of sector: SectorExportPlan.Sector, _ deadlines: ExportDeadlines?) -> String? {
        sector.refusal ?? deadlines.flatMap { $0.plan.schedule.deferral(sector: sector.id.number, at: $0.epochNow) }
            .map { "\($0) (WindowPoSt may read the source copy); kept for now, run again later" }
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

extension SourceCleanup {
    /// `clean`, unless there is a reason to keep the sector's sources without looking.
    func clean(_ sector: SectorExportPlan.Sector, session: TransferSession, unless reason: String?) -> Outcome {
        reason.map(Outcome.kept) ?? clean(sector, session: session)
    }
}
