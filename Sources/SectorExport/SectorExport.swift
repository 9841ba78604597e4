import TransferCore
import SectorStore
import TransferIO

/// `export files`: moves (or with `reserve` copies) a miner's sectors from damocles stores into
/// a lotus storage path through the transfer engine, a sector's sources going only once every
/// file of it is committed; resumes from the journal of the same command.
public enum SectorExport {
    public typealias Events = @Sendable (SectorExportEvent) -> Void

    /// Throws only refusals before anything moved; a failure mid-run is in the outcome.
    public static func run(_ request: SectorExportRequest, events: @escaping Events) throws(SectorExportError) -> SectorExportOutcome {
        var run = ExportRun(request: request, emit: events)
        try run.prepare()
        if request.dryRun { return run.dryRun() }
        let selection = try run.select()
        return try run.transfer(selection)
    }
}

/// One run's state, from the plan to the summary.
struct ExportRun {
    let request: SectorExportRequest
    let emit: SectorExport.Events
    let started = ContinuousClock.now
    var plan: SectorExportPlan
    var options: TransferOptions
    let journalPath: String
    /// Sectors the journal shows as (partly) exported by an earlier run.
    var exportedBefore = Set<UInt64>()
    var records: [String: JournalRecord] = [:]
    /// Sectors an earlier run finished.
    var finished = Set<UInt64>()
    var keysLeft: [UInt64: SectorKeyLeft] = [:]
    var failedSectors = Set<UInt64>()
    /// With several --dest-path: each path as measured, and where each sector goes (and why).
    var pathStates: [PathState] = []
    var placed: [UInt64: (path: String, reason: Placement.Reason)] = [:]

    init(request: SectorExportRequest, emit: @escaping SectorExport.Events) {
        self.request = request
        self.emit = emit
        plan = request.plan
        options = request.options
        options.deferSourceRemoval = !request.reserve
        // A sector's files stay together: its cache files start after its sealed file on their
        // lane, never ahead of it (a sector that has started cannot move to another path).
        options.smallFile = 0
        options.throttle = Throttle(request.throttle)
        journalPath = request.journal ?? request.ferryDirectory + "/" + (request.shard?.journalName ?? "journal")
    }

    /// Resume, missing sectors, space and destination refusals: everything before the plan is final.
    mutating func prepare() throws(SectorExportError) {
        try resume()
        // Before "already exported": that compares each file's planned destination with its row.
        try placeSectors()
        finished = plan.alreadyExported(records, miner: request.miner, numbers: request.numbers)
        keysLeft = plan.sectorKeysLeft(scan: request.scan, withSectorKey: request.withSectorKey)
        for number in missingNumbers.sorted() where request.reportsRefusals {
            emit(.sectorFailed(number, .notFound(miner: request.miner)))
            failedSectors.insert(number)
        }
        // Per path, over the sectors placed there (placement already counted free space; this
        // adds what the real file system says about renames and clones).
        for destination in request.destinations {
            let clones = request.clonesAllowed && FileSystem.mayClone(FileSystem.nearestExisting(destination))
            let here = placesSectors ? plan.sectors.filter { placed[$0.id.number]?.path == destination } : plan.sectors
            for (number, reason) in SectorSpaceCheck.refusals(here, destination: destination, minFree: options.space?.minFree ?? .automatic,
                                                               moves: !request.reserve, clones: clones) {
                if let index = plan.sectors.firstIndex(where: { $0.id.number == number }) { plan.sectors[index].refusal = reason }
            }
        }
        try preflightDestination()
    }

    /// Resume only this very command's journal: --journal-reset forgets it, and a journal of
    /// another run is either refused or cleared by the session.
    private mutating func resume() throws(SectorExportError) {
        let identity = RunIdentity(operation: options.mode.rawValue, sources: request.sources, destination: request.destination)
        if !request.journalReset, FileSystem.exists(journalPath), JournalReader.identity(at: journalPath) == identity,
           let read = try? JournalReader.records(at: journalPath) {
            records = read
            exportedBefore = plan.resumeInterrupted(records, miner: request.miner, numbers: request.numbers,
                                                    withSectorKey: request.withSectorKey)
        }
        // A miner with nothing in the stores (nor in an earlier run's journal) is a typo: refuse
        // before any directory or journal is created.
        if request.scan.sectors.isEmpty && !records.values.contains(where: { SectorID(owning: $0.item.source)?.miner == request.miner }),
           let problem = StoreCheck.noSectors(of: request.miner, in: request.sources) {
            throw SectorExportError(problem.description)
        }
    }

    /// Numbers given one by one that no store holds (a range is a filter, not a list of sectors
    /// that must exist), less those an earlier run took.
    var missingNumbers: Set<UInt64> {
        guard let wanted = request.numbers?.namedNumbers else { return [] }
        return wanted.subtracting(request.scan.sectors.map(\.id.number)).subtracting(exportedBefore)
    }

    /// Before any directory is made (real run and dry run): the destination may gain only its
    /// last component unless --parents; this user must be able to write there and, for a move,
    /// delete from the stores; the operator sees where the data is going and is warned when that
    /// is the root file system.
    private func preflightDestination() throws(SectorExportError) {
        let sectors = plan.sectors.filter { $0.refusal == nil }
        let sources = request.reserve ? [] : sectors.flatMap(\.items).map { FileSystem.parentDirectory(of: $0.source) }
        let writes = request.destinations + Set(sectors.flatMap(\.items).map { FileSystem.parentDirectory(of: $0.destination) })
        for destination in request.destinations {
            if let refusal = Preflight.destination(destination, parents: request.parents) { throw SectorExportError(refusal.description) }
        }
        if let refusal = Preflight.permissions(writes: writes, deletesFrom: sources) { throw SectorExportError(refusal.description) }
        for destination in request.destinations {
            emit(.destination(Preflight.describe(destination: destination)))
            if let warning = Preflight.rootWarning(destination: destination) { emit(.rootWarning(warning)) }
        }
    }

    /// `already exported` for a sector an earlier run finished, else the sector key a snapped
    /// sector leaves in its store, if any.
    func sectorNotice(_ number: UInt64) {
        if finished.contains(number) {
            emit(.alreadyExported(number))
        } else if let key = keysLeft[number] {
            emit(.sectorKeyLeft(key))
        }
    }

    /// A move renames a sector's files one by one on one file system, so a destination that
    /// would refuse one of them must be found before the first rename, not half-way through:
    /// such a sector is refused whole.
    func clashes(_ sectors: [SectorExportPlan.Sector]) -> [UInt64: String] {
        guard !request.reserve, !request.overwrite else { return [:] }
        var clashes: [UInt64: String] = [:]
        for sector in sectors {
            for item in sector.items {
                guard let existing = try? FileSystem.status(item.destination) else { continue }
                if existing.kind != .regular || existing.size != item.size {
                    clashes[sector.id.number] = "\(item.destination) already exists with other content; none of this sector's files were moved (remove it, or pass --overwrite)"
                    break
                }
            }
        }
        return clashes
    }
}
