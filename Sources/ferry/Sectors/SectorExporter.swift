import ArgumentParser
import FerryRPC
import Foundation
import SectorStore
import Synchronization
import TransferCore
import TransferIO

/// Runs a sector export through the transfer engine and prints what damocles prints, so
/// runbooks that grep its output keep working.
struct SectorExporter {
    let plan: SectorExportPlan
    let scan: StoreScan
    let command: ExportFilesCommand
    /// With --chain-api: the WindowPoSt schedule the export follows.
    var deadlines: ExportDeadlines?

    var flags: TransferFlags { command.flags }
    private var verb: String { command.reserve ? "copy" : "move" }

    func run() throws {
        let started = ContinuousClock.now
        let writer = EventWriter(json: flags.json)
        let destination = FileSystem.absolute(command.destPath)
        try checkManifest(writer, destination: destination)
        let shard = try ShardChoice.resolve(flags.shard) { writer.error("ferry: \($0)") }
        // Sectors that are refused or missing belong to no shard: shard 0 reports them, once.
        let reportsRefusals = shard == nil || shard!.index == 0
        var options = flags.options(mode: command.reserve ? .copy : .move)
        options.deferSourceRemoval = !command.reserve
        options.throttle = flags.throttling.throttle(ferryDirectory: destination + "/.ferry")
        let existing = FileSystem.nearestExisting(destination)
        flags.throttling.applyPriority(to: &options, paths: command.sources.map(FileSystem.absolute) + [existing]) { writer.handle(.notice($0)) }
        let journalPath = flags.journal.map(FileSystem.absolute) ?? destination + "/.ferry/" + (shard?.journalName ?? "journal")
        var plan = self.plan
        // Resume only this very command's journal: --journal-reset forgets it, and a journal of
        // another run is either refused or cleared by the session.
        let identity = RunIdentity(operation: options.mode.rawValue, sources: command.sources.map(FileSystem.absolute), destination: destination)
        var exportedBefore = Set<UInt64>()
        var records: [String: JournalRecord] = [:]
        if !flags.journalReset, FileSystem.exists(journalPath), JournalReader.identity(at: journalPath) == identity,
           let read = try? JournalReader.records(at: journalPath) {
            records = read
            exportedBefore = plan.resumeInterrupted(records, miner: command.miner, numbers: command.sectorNumbers.selection,
                                                    withSectorKey: command.withSectorKey)
        }
        // A miner with nothing in the stores (nor in an earlier run's journal) is a typo: refuse
        // before any directory or journal is created.
        if scan.sectors.isEmpty && !records.values.contains(where: { SectorID(owning: $0.item.source)?.miner == command.miner }) {
            try StoreArguments.requireSectors(of: command.miner, in: command.sources)
        }
        let finished = plan.alreadyExported(records, miner: command.miner, numbers: command.sectorNumbers.selection)
        let keysLeft = plan.sectorKeysLeft(scan: scan, withSectorKey: command.withSectorKey)
        var failedSectors = Set<UInt64>()
        for number in missingNumbers().subtracting(exportedBefore).sorted() where reportsRefusals {
            report(writer, "find sector \(number) location: not found in the stores for \(command.miner)", number: number)
            failedSectors.insert(number)
        }
        let clones = flags.reflink != .never && FileSystem.mayClone(FileSystem.nearestExisting(destination))
        for (number, reason) in SectorSpaceCheck.refusals(plan.sectors, destination: destination, minFree: flags.minFreeValue ?? .automatic,
                                                           moves: !command.reserve, clones: clones) {
            if let index = plan.sectors.firstIndex(where: { $0.id.number == number }) { plan.sectors[index].refusal = reason }
        }
        try preflightDestination(plan, destination: destination, writer: writer)
        if command.dryRun {
            deadlines.map { DeadlineScheduleText.dryRunLines($0.plan).forEach(writer.line) }
            // The real run refuses these before its first rename: so does the plan.
            let clashes = command.reserve ? [:] : preflight(plan.sectors.filter { $0.refusal == nil })
            for index in plan.sectors.indices { if let clash = clashes[plan.sectors[index].id.number] { plan.sectors[index].refusal = clash } }
            let refused = printPlan(plan, writer, destination: destination, failed: failedSectors.count, started: started,
                                    finished: finished, keysLeft: keysLeft)
            // Exits as the real run would: 1 when it would refuse or miss a sector.
            if refused > 0 { throw ExitCode(1) }
            return
        }

        var exported = plan.sectors.filter { $0.refusal == nil }
        if let shard { exported = try ShardChoice.restrict(exported, to: shard, ferryDirectory: destination + "/.ferry") { writer.error("ferry: \($0)") } }
        // A sector another shard owns may look incomplete here while that shard moves it.
        let othersShards = shard.map { ownedElsewhere(by: $0, ferryDirectory: destination + "/.ferry") } ?? []
        let refusedSectors = reportsRefusals ? plan.sectors.filter { $0.refusal != nil && !othersShards.contains($0.id.fileName) } : []
        let accountable = (exported + refusedSectors).sorted { $0.id < $1.id }
        let clashes = command.reserve ? [:] : preflight(exported)
        for (number, reason) in clashes.sorted(by: { $0.key < $1.key }) {
            report(writer, "export sector \(number) file: \(reason)", number: number)
            failedSectors.insert(number)
        }
        exported.removeAll { clashes[$0.id.number] != nil }
        let skipped = deadlines?.skipped.filter { deferred in exported.contains { $0.id.number == deferred.sector } } ?? []
        if let deadlines {
            exported = deadlines.order(exported.filter { sector in !skipped.contains { $0.sector == sector.id.number } })
        }
        // Only this shard's sectors' directories (and the four lotus ones): another shard's, or the
        // cache of a sector key left behind, would show lotus a sector this run does not bring.
        let needed = Set(exported.flatMap(\.items).map { FileSystem.parentDirectory(of: $0.destination) })
        let directories = plan.directories.filter { needed.contains($0) || FileSystem.parentDirectory(of: $0) == destination }
        let transferPlan = TransferPlan(items: exported.flatMap(\.items), directories: directories,
                                        destinationRoot: destination, sources: command.sources.map(FileSystem.absolute),
                                        destination: destination)
        for directory in directories {
            do { try FileSystem.makeDirectories(directory) } catch {
                writer.error("ferry: cannot create \(directory): \(error)")
                throw ExitCode(1)
            }
        }
        if let deadlines { applySchedule(deadlines, to: &options, exported: exported, destination: destination, writer: writer) }
        let session: TransferSession
        do {
            session = try TransferSession(plan: transferPlan, options: options, journalPath: journalPath, reset: flags.journalReset) {
                writer.handle(.notice($0))
            }
        } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(1)
        }
        defer { session.journal.close() }
        if writer.json {
            writer.emit(["event": "start", "operation": options.mode.rawValue, "sectors": exported.count, "files": transferPlan.items.count,
                         "bytes": transferPlan.totalBytes, "destination": destination, "journal": session.journal.path, "io": options.io.name])
        }
        let tracker = UnitTracker(sectors: Dictionary(exported.map { ($0.id.number, $0.items.map(\.source)) }, uniquingKeysWith: +))
        let check = command.check ? SectorCheckGate(destination: destination, miner: command.miner, challenges: command.checkChallenges).check : nil
        let remover = command.reserve ? nil : SectorSourceRemover(sectors: exported, session: session, check: check)
        let monitor = RunMonitor.forRun(session: session, tracker: tracker, totalBytes: transferPlan.totalBytes, verifying: true,
                                        operation: options.mode.rawValue, destination: destination, flags: flags, throttle: options.throttle)
        for (number, reason) in clashes { tracker.refused(sector: number, reason: reason) }
        for sector in refusedSectors { tracker.refused(sector: sector.id.number, reason: sector.refusal ?? "refused") }
        monitor.start()
        let outcome: TransferSession.Outcome
        // As for copy and move: `report` takes each shard's hosts, runs and throughput from this
        // log; a run killed mid-way leaves its start line without an end.
        if shard != nil { ShardRunLog.started(journal: session.journal.path, shard: shard) }
        do {
            outcome = try session.run(recheck: flags.recheck) { event in
                let sectorDone = tracker.record(event)
                guard case .fileFinished(let result) = event else { return writer.handle(event) }
                if let number = tracker.sector(of: result.item.source) { remover?.finished(result, sector: number) }
                if writer.json {
                    writer.handle(event)
                } else if let failure = result.failure, let number = tracker.sector(of: result.item.source) {
                    writer.error("export sector \(number) file: \(result.item.source): \(failure)")
                }
                if let sectorDone, !writer.json { printCommitted(sectorDone.sector, sectorDone.results, writer) }
            }
        } catch {
            // The journal (or the engine) failed: no source was deleted after that, but which
            // sectors finished is unknown here, so count every one of this run as failed.
            monitor.finish(.failed)
            _ = remover?.finish()
            writer.error("ferry: \(error)")
            writer.line("export failure counts: \(accountable.count), total: \(accountable.count)")
            throw ExitCode(1)
        }
        monitor.enterSourceRemoval()
        var removalFailures = remover?.finish() ?? [:]
        if command.reserve, let check {
            // A copy keeps its sources anyway: the check only decides the sector's status.
            let arrived = exported.filter { sector in !sector.items.contains { item in outcome.results.contains { $0.item.source == item.source && !$0.succeeded } } }
            for sector in arrived { if let problem = check(sector.id.number) { removalFailures[sector.id.number] = ["check": problem] } }
        }

        let failedSources = Set(outcome.results.filter { !$0.succeeded }.map(\.item.source))
        for sector in accountable where clashes[sector.id.number] == nil {
            if let refusal = sector.refusal {
                report(writer, "export sector \(sector.id.number) file: \(refusal)", number: sector.id.number)
                failedSectors.insert(sector.id.number)
                continue
            }
            if sector.items.contains(where: { failedSources.contains($0.source) }) {
                failedSectors.insert(sector.id.number)
                if !command.reserve && !writer.json {
                    writer.error("export sector \(sector.id.number): not every file arrived, so its remaining sources were kept (files renamed on the same file system stay at the destination); run again to resume")
                }
                continue
            }
            if let failures = removalFailures[sector.id.number] {
                failedSectors.insert(sector.id.number)
                for (source, reason) in failures.sorted(by: { $0.key < $1.key }) {
                    report(writer, "export sector \(sector.id.number) file: \(source): \(reason)", number: sector.id.number)
                }
                continue
            }
            if writer.json {
                writer.emit(["event": "sector", "number": sector.id.number, "status": "ok", "files": sector.items.count,
                             "bytes": sector.bytes, "snap_upgraded": sector.snapUpgraded])
            }
            sectorNotice(writer, sector.id.number, destination: destination, finished: finished, keysLeft: keysLeft)
        }
        // Sectors an earlier move took whole: no longer in the stores, finished in the journal.
        for number in finished.subtracting(plan.sectors.map(\.id.number)).sorted() where reportsRefusals {
            sectorNotice(writer, number, destination: destination, finished: finished, keysLeft: keysLeft)
        }
        if !command.reserve {
            for directory in plan.emptiedDirectories { try? FileSystem.removeDirectory(directory) }
        }
        // Only sectors with a file that did not arrive: one that arrived whole but kept a source
        // (a removal refused, --check failed) keeps its verified copy.
        removePartialCopies(of: exported.filter { $0.items.contains { failedSources.contains($0.source) } }, results: outcome.results, writer: writer)
        // An empty cache/<sector> left by a sector that did not arrive would look like a sector
        // to lotus; rmdir only ever removes empty directories.
        for sector in exported where failedSectors.contains(sector.id.number) {
            for directory in Set(sector.items.map { FileSystem.parentDirectory(of: $0.destination) }) where directory.hasSuffix("/" + sector.id.fileName) {
                try? FileSystem.removeDirectory(directory)
            }
        }
        // Only now, after the sources' removal: a task killed while deleting them was not done.
        if shard != nil { ShardRunLog.ended(journal: session.journal.path, shard: shard, outcome: outcome) }
        if let manifest = flags.manifest, let problem = ManifestWriter.write(outcome.results, to: manifest, options: options) {
            writer.error("ferry: cannot write the manifest: \(problem)")
            failedSectors.insert(UInt64.max)
        }
        let total = accountable.count + (reportsRefusals ? missingNumbers().subtracting(exportedBefore).count : 0)
        if writer.json {
            let bytes = outcome.results.filter(\.succeeded).reduce(Int64(0)) { $0 + $1.item.size }
            let held = options.throttle?.stats
            // `failed` counts sectors, as the exit status does; `failures` and `total` are damocles' names.
            writer.summary(files: outcome.results.count, bytes: bytes, failed: failedSectors.count, seconds: outcome.seconds,
                           ["sectors": total, "failures": failedSectors.count, "total": total,
                            "throttled_seconds": held?.throttledSeconds ?? 0, "paused_seconds": held?.pausedSeconds ?? 0])
        } else {
            let copied = outcome.results.filter { $0.succeeded && $0.method == .copy && !$0.resumed }.reduce(Int64(0)) { $0 + $1.item.size }
            if copied > 0 {
                let held = options.throttle.map { ThrottleSummary.parts($0.stats) } ?? []
                writer.line("copied and verified \(ByteCount.format(copied)) in \(String(format: "%.2f", outcome.seconds)) s (\(ByteCount.rate(copied, seconds: outcome.seconds)))"
                            + held.map { "; " + $0 }.joined())
            }
            if !skipped.isEmpty { writer.line(DeadlineScheduleText.deferredLine(skipped)) }
            writer.line("export failure counts: \(failedSectors.count), total: \(total)")
        }
        monitor.finish(failedSectors.isEmpty && skipped.isEmpty ? .finished : .failed)
        if !failedSectors.isEmpty || !skipped.isEmpty { throw ExitCode(1) }
    }

    /// damocles' lines for a sector, printed once its last file is committed and all together:
    /// a log never claims a file that did not arrive, and sectors do not interleave. Files an
    /// earlier run finished are not claimed again.
    private func printCommitted(_ number: UInt64, _ results: [FileResult], _ writer: EventWriter) {
        let fresh = results.filter { $0.succeeded && !$0.resumed }
        guard !fresh.isEmpty else { return }
        writer.line("move sector \(number) file ...")
        for result in fresh { writer.line("\(verb) file from \(result.item.source) to \(result.item.destination)") }
    }

    /// Files start only outside their sector's WindowPoSt window, and the disks of sectors whose
    /// deadline is open run at --proving-bwlimit: sources (and this run's destination).
    private func applySchedule(_ deadlines: ExportDeadlines, to options: inout TransferOptions, exported: [SectorExportPlan.Sector],
                               destination: String, writer: EventWriter) {
        let sectorOf = Dictionary(uniqueKeysWithValues: exported.flatMap { sector in sector.items.map { ($0.source, sector.id.number) } })
        options.startGate = deadlines.gate(sectorOf: sectorOf) { writer.handle(.notice($0)) }
        let destinationDevice = (try? FileSystem.status(FileSystem.nearestExisting(destination)).device)
        var devicesOf: [UInt64: Set<UInt64>] = [:]
        for sector in plan.sectors {
            for item in sector.items { if let device = try? FileSystem.status(item.source).device { devicesOf[sector.id.number, default: []].insert(device) } }
        }
        for sector in exported { if let destinationDevice { devicesOf[sector.id.number, default: []].insert(destinationDevice) } }
        options.throttle = flags.throttling.throttle(ferryDirectory: destination + "/.ferry", deviceLimits: deadlines.deviceLimits(devicesOf: devicesOf) { writer.handle(.notice($0)) })
    }

    /// A move renames a sector's files one by one on one file system, so a destination that
    /// would refuse one of them must be found before the first rename, not half-way through:
    /// such a sector is refused whole.
    private func preflight(_ sectors: [SectorExportPlan.Sector]) -> [UInt64: String] {
        guard !flags.overwrite else { return [:] }
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

    private func missingNumbers() -> Set<UInt64> {
        // Numbers given one by one; a range is a filter, not a list of sectors that must exist.
        guard let wanted = command.sectorNumbers.selection?.namedNumbers else { return [] }
        return wanted.subtracting(scan.sectors.map(\.id.number))
    }

    /// Sector names the frozen partition gives to a shard other than `spec`.
    private func ownedElsewhere(by spec: ShardSpec, ferryDirectory: String) -> Set<String> {
        guard let map = try? ShardMap.load(ShardMap.path(ferryDirectory: ferryDirectory, shards: spec.count)) else { return [] }
        return Set(map.units.filter { $0.shard != spec.index }.map(\.key))
    }

    private func report(_ writer: EventWriter, _ line: String, number: UInt64) {
        if writer.json {
            writer.emit(["event": "sector", "number": number, "status": "failed", "error": line])
        } else {
            writer.error(line)
        }
    }

    /// Returns how many sectors the run would refuse or not find.
    private func printPlan(_ plan: SectorExportPlan, _ writer: EventWriter, destination: String, failed: Int, started: ContinuousClock.Instant,
                           finished: Set<UInt64>, keysLeft: [UInt64: SectorKeyLeft]) -> Int {
        let destinationDevice = (try? FileSystem.status(destination))?.device
            ?? (try? FileSystem.status(FileSystem.parentDirectory(of: destination)))?.device
        var files = 0
        var bytes: Int64 = 0
        for number in finished.subtracting(plan.sectors.map(\.id.number)).sorted() {
            sectorNotice(writer, number, destination: destination, finished: finished, keysLeft: keysLeft)
        }
        for sector in plan.sectors {
            if let refusal = sector.refusal {
                report(writer, "export sector \(sector.id.number) file: \(refusal)", number: sector.id.number)
                continue
            }
            if finished.contains(sector.id.number) {
                sectorNotice(writer, sector.id.number, destination: destination, finished: finished, keysLeft: keysLeft)
                continue
            }
            files += sector.items.count
            bytes += sector.bytes
            let sameDevice = sector.items.allSatisfy { (try? FileSystem.status($0.source))?.device == destinationDevice }
            let clones = sameDevice && flags.reflink != .never && FileSystem.mayClone(FileSystem.nearestExisting(destination))
            let how = !command.reserve && sameDevice ? "rename" : clones ? "reflink" : "copy"
            if writer.json {
                writer.emit(["event": "plan", "number": sector.id.number, "sector": sector.id.fileName, "files": sector.items.count,
                             "bytes": sector.bytes, "method": how, "snap_upgraded": sector.snapUpgraded,
                             "items": sector.items.map { ["source": $0.source, "destination": $0.destination, "bytes": $0.size] }])
            } else {
                writer.line("sector \(sector.id.number) (\(sector.id.fileName)\(sector.snapUpgraded ? ", snap-upgraded" : "")): \(sector.items.count) files, \(ByteCount.format(sector.bytes)), \(how)")
                for item in sector.items { writer.line("  \(how) \(item.source) -> \(item.destination)") }
            }
            sectorNotice(writer, sector.id.number, destination: destination, finished: finished, keysLeft: keysLeft)
        }
        let refused = plan.sectors.filter { $0.refusal != nil }.count
        let planned = plan.sectors.count - refused - plan.sectors.filter { $0.refusal == nil && finished.contains($0.id.number) }.count
        if writer.json {
            let elapsed = (ContinuousClock.now - started).components
            writer.summary(files: files, bytes: bytes, failed: refused + failed, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18,
                           ["dry_run": true, "sectors": planned, "refused": refused + failed])
        } else {
            writer.line("dry run: \(planned) sector(s), \(files) file(s), \(ByteCount.format(bytes)); \(refused + failed) refused; nothing was changed")
        }
        return refused + failed
    }
}
