public import ScaleOut
public import SectorStore
public import TransferCore
import TransferIO

/// What `export files` was asked to do, with the flags already parsed: the plan from the scan,
/// where it goes, and how. Paths are absolute.
public struct SectorExportRequest: Sendable {
    public var plan: SectorExportPlan
    public var scan: StoreScan
    public var miner: MinerID
    /// `--numbers` less `--exclude`; nil = every sector.
    public var numbers: SectorSelection?
    public var sources: [String]
    /// The first `--dest-path`: where `.ferry/` (journal, control file) lives.
    public var destination: String
    /// Every `--dest-path`, the first being `destination`; with more than one, each sector goes
    /// whole to one of them (`SectorPlacement`).
    public var destinations: [String]
    /// `--reserve`: copy and keep the sources.
    public var reserve: Bool
    public var withSectorKey: Bool
    public var dryRun: Bool
    /// `--parents`: the destination may gain more than its last component.
    public var parents: Bool
    /// `--reflink` is not `never`: a same-device copy may clone.
    public var clonesAllowed: Bool
    /// `--journal`; nil = `<dest>/.ferry/journal` (or the shard's).
    public var journal: String?
    public var journalReset: Bool
    public var recheck: Bool
    public var shard: ShardSpec?
    /// The engine's options (mode, jobs, I/O, overwrite, priority …); the export sets its throttle.
    public var options: TransferOptions
    /// `--bwlimit`/`--bwlimit-device` and the control file; the WindowPoSt schedule adds device limits.
    public var throttle: Throttle.Settings
    /// `--chain-api`: the WindowPoSt schedule the export follows.
    public var deadlines: ExportDeadlines?
    /// `--check`: proves the destination copy of a sector (nil when it passes) before its sources go.
    public var check: (@Sendable (UInt64) -> String?)?
    /// `--manifest`: writes it from the results; returns why it could not, or nil.
    public var manifest: (@Sendable ([FileResult], TransferOptions) -> String?)?

    public init(plan: SectorExportPlan, scan: StoreScan, miner: MinerID, numbers: SectorSelection?, sources: [String],
                destination: String, reserve: Bool, options: TransferOptions, throttle: Throttle.Settings) {
        self.plan = plan
        self.scan = scan
        self.miner = miner
        self.numbers = numbers
        self.sources = sources
        self.destination = destination
        self.destinations = [destination]
        self.reserve = reserve
        self.withSectorKey = false
        self.dryRun = false
        self.parents = false
        self.clonesAllowed = true
        self.journalReset = false
        self.recheck = false
        self.options = options
        self.throttle = throttle
    }

    var overwrite: Bool { options.overwrite }
    var ferryDirectory: String { destination + "/.ferry" }
    /// Sectors that are refused or missing belong to no shard: shard 0 reports them, once.
    var reportsRefusals: Bool { shard == nil || shard!.index == 0 }
}
