import ArgumentParser
import ScaleOut
import SectorExport
import SectorStore
import TransferCore
import TransferIO

/// `export files` (a real run or --dry-run): flags → `SectorExportRequest` → `SectorExport.run`
/// → damocles' lines or NDJSON (`SectorExportRenderer`) → exit status.
struct SectorExporter {
    let plan: SectorExportPlan
    let scan: StoreScan
    let command: ExportFilesCommand
    /// With --chain-api: the WindowPoSt schedule the export follows.
    var deadlines: ExportDeadlines?

    var flags: TransferFlags { command.flags }

    func run() throws {
        let writer = EventWriter(json: flags.json)
        let destination = FileSystem.absolute(command.destPath)
        try checkManifest(writer, destination: destination)
        let shard = try ShardChoice.resolve(flags.shard) { writer.error("ferry: \($0)") }
        let request = request(destination: destination, shard: shard, writer: writer)
        let renderer = SectorExportRenderer(writer: writer, destination: destination, reserve: command.reserve, dryRun: command.dryRun,
                                            statsInterval: flags.statsFlags.seconds)
        let outcome: SectorExportOutcome
        do {
            outcome = try SectorExport.run(request, events: renderer.render)
        } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(1)
        }
        renderer.finish(outcome.succeeded ? .finished : .failed)
        if !outcome.succeeded { throw ExitCode(1) }
    }

    /// What the flags mean for the library.
    private func request(destination: String, shard: ShardSpec?, writer: EventWriter) -> SectorExportRequest {
        var options = flags.options(mode: command.reserve ? .copy : .move)
        let sources = command.sources.map(FileSystem.absolute)
        flags.throttling.applyPriority(to: &options, paths: sources + [FileSystem.nearestExisting(destination)]) { writer.handle(.notice($0)) }
        var request = SectorExportRequest(plan: plan, scan: scan, miner: command.miner, numbers: command.sectorNumbers.selection,
                                          sources: sources, destination: destination, reserve: command.reserve, options: options,
                                          throttle: flags.throttling.settings(ferryDirectory: destination + "/.ferry"))
        request.destinations = command.destPaths.map(FileSystem.absolute)
        request.withSectorKey = command.withSectorKey
        request.dryRun = command.dryRun
        request.parents = flags.parents
        request.clonesAllowed = flags.reflink != .never
        request.journal = flags.journal.map(FileSystem.absolute)
        request.journalReset = flags.journalReset
        request.recheck = flags.recheck
        request.shard = shard
        request.deadlines = deadlines
        if command.check {
            request.check = SectorCheckGate(destination: destination, miner: command.miner, challenges: command.checkChallenges).check
        }
        if let manifest = flags.manifest {
            request.manifest = { results, options in ManifestWriter.write(results, to: manifest, options: options) }
        }
        return request
    }

    /// `--manifest` is written after the last sector: refuse a place it cannot be written
    /// before the first one moves (exit 2, as `copy` and `move` do).
    private func checkManifest(_ writer: EventWriter, destination: String) throws {
        guard let manifest = flags.manifest else { return }
        do { try Manifest.preflight(manifest, destinations: [destination]) } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(2)
        }
    }
}
