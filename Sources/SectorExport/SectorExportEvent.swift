public import FerryRPC
public import SectorStore
public import TransferCore

/// What an export reports as it goes. The CLI renders each as damocles' line (`move sector N
/// file ...`, `export sector N file: …`, `export failure counts: F, total: T`) or as NDJSON.
/// Delivered on the calling thread, except `transfer`, `file` and `sectorCommitted`, which come
/// from the engine's worker threads.
public enum SectorExportEvent: Sendable {
    /// A notice of the run (`ferry: …` on stderr, or a `notice` event).
    case notice(String)
    /// How the shard was chosen and what it took: on stderr in both formats.
    case shardNotice(String)
    /// Where the data is going (people only).
    case destination(String)
    /// The destination is on the root file system (people only).
    case rootWarning(String)
    /// With --dry-run and --chain-api: the WindowPoSt schedule, as lines.
    case scheduleLine(String)
    case sectorFailed(UInt64, SectorFailure)
    /// An earlier run of this command finished the sector.
    case alreadyExported(UInt64)
    /// A snapped sector's sector key stays in its store.
    case sectorKeyLeft(SectorKeyLeft)
    /// --dry-run: what would happen to a sector.
    case planned(SectorExportPlan.Sector, method: PlannedMethod)
    case dryRunSummary(DryRunSummary)
    /// With several --dest-path (dry run): the path a sector goes to, and why.
    case placed(UInt64, path: String, reason: Placement.Reason)
    /// With several --dest-path (dry run): what each path would receive.
    case placementTotal(path: String, sectors: Int, bytes: Int64)
    /// --dry-run: bytes per device group the export would read and write.
    case deviceGroups([DeviceLoad.Entry])
    /// The session is open and about to run.
    case started(SectorExportStart)
    /// The engine's other events (notices; file starts).
    case transfer(TransferEvent)
    /// A file finished, of `sector` when it belongs to one.
    case file(FileResult, sector: UInt64?)
    /// The last file of a sector is committed: its results, together.
    case sectorCommitted(UInt64, [FileResult])
    /// The journal or the engine failed mid-run; every sector of the run counts as failed.
    case aborted(reason: String, sectors: Int)
    /// The data all arrived; what runs now deletes sources.
    case sourceRemoval
    /// A move whose sector did not arrive whole: its remaining sources were kept.
    case sectorIncomplete(UInt64)
    case sectorExported(SectorExportPlan.Sector)
    /// Files of a sector that did not arrive whole, removed from the destination.
    case partialCopiesRemoved(UInt64, files: Int)
    case manifestFailed(String)
    case summary(SectorExportSummary)
}

/// Why a sector failed (the text after damocles' `export sector N file: `).
public enum SectorFailure: Sendable, Equatable {
    /// A number given one by one that no store holds.
    case notFound(miner: MinerID)
    /// Refused whole before anything moved (incomplete, a clash, no space …), or left failed.
    case refused(String)
    /// One of its files.
    case file(source: String, reason: String)
}

public enum PlannedMethod: String, Sendable {
    case rename, reflink, copy
}

public struct DryRunSummary: Sendable {
    /// Sectors it would export.
    public var sectors: Int
    public var files: Int
    public var bytes: Int64
    /// Sectors refused or not found.
    public var refused: Int
    public var seconds: Double
}

/// What a run is about to do, and what watching it needs.
public struct SectorExportStart: Sendable {
    public var session: TransferSession
    public var tracker: UnitTracker
    public var sectors: Int
    public var throttle: Throttle?
    public var options: TransferOptions
}

public struct SectorExportSummary: Sendable {
    /// Files of the session, and the bytes of those that arrived.
    public var files: Int
    public var bytes: Int64
    /// Bytes this run copied (not renamed, cloned or resumed).
    public var copiedBytes: Int64
    public var failedSectors: Int
    public var total: Int
    public var seconds: Double
    public var throttle: Throttle.Stats?
    /// With --chain-api --defer skip: the sectors left for a later run.
    public var skipped: [DeferredSector]
}

/// How the run ended; `succeeded` is the exit status.
public struct SectorExportOutcome: Sendable {
    public var failedSectors: Int
    public var skipped: Int
    /// The journal or the engine failed mid-run.
    public var aborted: Bool
    public var succeeded: Bool { !aborted && failedSectors == 0 && skipped == 0 }
}

/// A refusal before anything moved (the CLI prints `ferry: ` and the text, and exits 1).
public struct SectorExportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
