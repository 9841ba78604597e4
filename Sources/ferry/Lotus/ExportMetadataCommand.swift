import ArgumentParser
import LotusMetadata

struct ExportMetadataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Write finalized damocles sectors into a stopped lotus-miner's metadata datastore.",
        discussion: """
            Sector states come from files written by `damocles-manager util sealer sectors state export-json` \
            (--from-json). Everything is written in one atomic, synced LevelDB batch after a backup copy; \
            nothing is written if any sector fails, if lotus-miner holds the repo, or if /miner-address differs.
            """
    )

    @Option(help: "Miner actor (f0…/t0… or the bare id).") var miner: String
    @Option(name: .customLong("dest-repo"), help: "lotus-miner repo (LOTUS_MINER_PATH); ~ is expanded.") var destRepo: String
    @Option(name: .customLong("from-json"), help: "export-json output: a file (one JSON object per line, or an array) or a directory of *.json.")
    var fromJSON: String?
    @Option(name: .customLong("next-number"), help: "Sector number to record as used (the larger of this and the largest exported wins).")
    var nextNumber: UInt64?
    @Flag(name: .customLong("only-next-number"), help: "Only update the sector number (requires --next-number); write no sector.")
    var onlyNextNumber = false
    @Flag(help: "Replace /sectors/<n> records that already exist.") var override = false
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @Flag(name: .customLong("no-backup"), help: "Do not copy the datastore before writing.") var noBackup = false
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        if onlyNextNumber && nextNumber == nil {
            throw usageError("flag next-number must be set when only update the value of it")
        }
        if onlyNextNumber && fromJSON != nil {
            throw usageError("--only-next-number writes no sector; do not combine it with --from-json")
        }
        if !onlyNextNumber && fromJSON == nil {
            throw usageError("--from-json FILE_OR_DIR is required (--damocles-api is not available in this build)")
        }
        if (try? Address(idString: miner)) == nil {
            throw usageError("--miner \(miner): expected an ID address such as f01000")
        }
    }

    func run() throws {
        var options = ExportOptions(miner: try Address(idString: miner))
        options.nextNumber = nextNumber
        options.onlyNextNumber = onlyNextNumber
        options.override = override
        options.dryRun = dryRun
        options.noBackup = noBackup

        var states: [DamoclesSectorState] = []
        if let fromJSON {
            do {
                states = try SectorStateLoader.load(path: LotusRepo.expandTilde(fromJSON))
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }
        let report: ExportReport
        do {
            report = try MetadataExport.run(repo: LotusRepo(path: destRepo), states: states, options: options)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if json {
            try printJSON(report)
        } else {
            for line in report.humanLines { print(line) }
        }
        if report.failureCount > 0 { throw ExitCode(1) }
    }
}
