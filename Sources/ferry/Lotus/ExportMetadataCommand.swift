import ArgumentParser
import FerryRPC
import LotusMetadata

struct ExportMetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Write finalized damocles sectors into a stopped lotus-miner's metadata datastore.",
        discussion: """
            Sector states come from a running damocles-manager (--damocles-api, Venus.ListSectors of its \
            offline store) or from files written by `damocles-manager util sealer sectors state export-json` \
            (--from-json); give exactly one. Everything is written in one atomic, synced LevelDB batch after a backup copy; \
            nothing is written if any sector fails, if lotus-miner holds the repo, or if /miner-address differs.
            """
    )

    @Option(help: "Miner actor (f0…/t0… or the bare id).") var miner: String
    @Option(name: .customLong("dest-repo"), help: "lotus-miner repo (LOTUS_MINER_PATH); ~ is expanded.") var destRepo: String
    @Option(name: .customLong("from-json"), help: "export-json output: a file (one JSON object per line, or an array) or a directory of *.json.")
    var fromJSON: String?
    @Option(name: .customLong("damocles-api"), help: "damocles-manager API: multiaddr (/ip4/127.0.0.1/tcp/1789) or URL; reads its offline sector store.")
    var damoclesAPI: String?
    @Option(name: .customLong("damocles-token"), help: "Bearer token for --damocles-api (damocles-manager checks none; a proxy in front of it may).")
    var damoclesToken: String?
    @Option(name: .customLong("next-number"), help: "Sector number to record as used (the larger of this and the largest exported wins).")
    var nextNumber: UInt64?
    @Flag(name: .customLong("only-next-number"), help: "Only update the sector number (requires --next-number); write no sector.")
    var onlyNextNumber = false
    @Flag(help: "Replace /sectors/<n> records that already exist (an existing record lotus cannot decode fails the export without it).")
    var override = false
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @Flag(name: .customLong("no-backup"), help: "Do not copy the datastore before writing.") var noBackup = false
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Seconds allowed for each whole RPC reply, from request to last byte (whole seconds, 1–86400).")
    var timeout: String = ExportMetadataCommand.defaultTimeout
    @Option(name: .customLong("max-reply-size"), help: "Largest RPC reply accepted (e.g. 2GiB); larger ones are refused while they arrive.")
    var maxReplySize: String = ExportMetadataCommand.defaultMaxReplySize

    /// Venus.ListSectors answers with every sector of the offline store in one reply, about
    /// 1.5–3 KB each (all miners damocles serves, not just --miner): 1 GiB holds some 350,000
    /// sectors, where import's 64 MiB (one sector per reply) stopped near 20,000. damocles builds
    /// the whole reply before the first byte leaves, hence the longer deadline too.
    static let defaultMaxReplySize = "1GiB"
    static let defaultTimeout = "300"

    private var limits: RPCLimitFlags { RPCLimitFlags(timeout: timeout, maxReplySize: maxReplySize) }

    func validate() throws {
        if onlyNextNumber && nextNumber == nil {
            throw usageError("flag next-number must be set when only update the value of it")
        }
        if let nextNumber, let problem = SectorNumberLimit.problem(nextNumber, "--next-number") {
            throw usageError(problem)
        }
        if onlyNextNumber && (fromJSON != nil || damoclesAPI != nil) {
            throw usageError("--only-next-number writes no sector; do not combine it with --from-json or --damocles-api")
        }
        if fromJSON != nil && damoclesAPI != nil {
            throw usageError("give one source of sector states: --from-json or --damocles-api, not both")
        }
        if !onlyNextNumber && fromJSON == nil && damoclesAPI == nil {
            throw usageError("no source of sector states: give --from-json FILE_OR_DIR or --damocles-api MULTIADDR_OR_URL")
        }
        if damoclesToken != nil && damoclesAPI == nil {
            throw usageError("--damocles-token needs --damocles-api")
        }
        if let problem = limits.problem { throw usageError(problem) }
        if let damoclesAPI {
            do {
                _ = try APIEndpoint(address: damoclesAPI, token: damoclesToken)
            } catch {
                throw usageError("--damocles-api: \(error)")
            }
        }
        if (try? Address(idString: miner)) == nil {
            throw usageError("--miner \(miner): expected an ID address such as f01000")
        }
    }

    func run() async throws {
        var options = ExportOptions(miner: try Address(idString: miner))
        options.nextNumber = nextNumber
        options.onlyNextNumber = onlyNextNumber
        options.override = override
        options.dryRun = dryRun
        options.noBackup = noBackup

        var states: [LotusMetadata.DamoclesSectorState] = []
        if let fromJSON {
            do {
                states = try SectorStateLoader.load(path: LotusRepo.expandTilde(fromJSON))
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        } else if let damoclesAPI {
            do {
                let endpoint = try APIEndpoint(address: damoclesAPI, token: damoclesToken)
                states = try await DamoclesStateSource(client: limits.client(endpoint)).load()
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
