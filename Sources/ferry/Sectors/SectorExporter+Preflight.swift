import ArgumentParser
import SectorStore
import TransferCore
import TransferIO

extension SectorExporter {
    /// Before any directory is made (real run and dry run): the destination may gain only its
    /// last component unless --parents; this user must be able to write there and, for a move,
    /// delete from the stores; the operator sees where the data is going and is warned when that
    /// is the root file system.
    func preflightDestination(_ plan: SectorExportPlan, destination: String, writer: EventWriter) throws {
        let sectors = plan.sectors.filter { $0.refusal == nil }
        let sources = command.reserve ? [] : sectors.flatMap(\.items).map { FileSystem.parentDirectory(of: $0.source) }
        let writes = [destination] + Set(sectors.flatMap(\.items).map { FileSystem.parentDirectory(of: $0.destination) })
        if let refusal = Preflight.destination(destination, parents: flags.parents)
            ?? Preflight.permissions(writes: writes, deletesFrom: sources) {
            writer.error("ferry: \(refusal)")
            throw ExitCode(1)
        }
        guard !writer.json else { return }
        let place = Preflight.describe(destination: destination)
        if command.dryRun { writer.line(place) } else { writer.error("ferry: " + place) }
        if let warning = Preflight.rootWarning(destination: destination) { writer.error("ferry: " + warning) }
    }
}
