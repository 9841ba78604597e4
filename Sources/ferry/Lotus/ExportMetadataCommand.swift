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
            (--from-json); give exactly one. Every sector that converts is written in one atomic, synced LevelDB \
            batch after a backup copy; each one that does not is listed with its reason and the exit status is 1 \
            (--all-or-nothing writes nothing then). Nothing is written if lotus-miner holds the repo, if \
            /miner-address differs, or if the messager cannot be used.
            """
    )

    @OptionGroup var target: MinerOption
    @Option(name: .customLong("dest-repo"), help: "The lotus-miner repo (\(LotusMinerRepoPath.help)).", transform: PathArgument.expand)
    var destRepo: String?
    @Option(name: .customLong("from-json"), help: "export-json output: a file (one JSON object per line, or an array) or a directory of *.json.", transform: PathArgument.expand)
    var fromJSON: String?
    @Option(name: .customLong("damocles-api"), help: "damocles-manager API: multiaddr (/ip4/127.0.0.1/tcp/1789) or URL; reads its offline sector store.")
    var damoclesAPI: String?
    @Option(name: .customLong("damocles-token"), help: "Bearer token for --damocles-api (damocles-manager checks none; a proxy in front of it may).")
    var damoclesToken: String?
    @Option(name: .customLong("messager-api"), help: "venus/sophon-messager API (multiaddr or URL): resolves damocles' message ids to chain CIDs.")
    var messagerAPI: String?
    @Option(name: .customLong("messager-token"), help: "Token for --messager-api (admin, or bound to the miner's sending addresses).")
    var messagerToken: String?
    @Option(name: .customLong("store"), help: "A damocles store (repeatable): snapped sectors without a new CommR get it from update-cache/<sector>/p_aux.", transform: PathArgument.expand)
    var stores: [String] = []
    @Option(name: .customLong("numbers"), help: "Export only this sector number (repeatable); every number damocles knows still counts as used.")
    var numbers: [String] = []
    @Flag(name: .customLong("all-or-nothing"), help: "Write nothing if any sector fails.") var allOrNothing = false
    @Option(name: .customLong("next-number"), help: "Sector number to record as used (the larger of this and the largest exported wins).")
    var nextNumber: UInt64?
    @Flag(name: .customLong("only-next-number"), help: "Only update the sector number (requires --next-number); write no sector.")
    var onlyNextNumber = false
    @Flag(help: "Replace /sectors/<n> records that already exist (an existing record lotus cannot decode fails its sector without it).")
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

    var limits: RPCLimitFlags { RPCLimitFlags(timeout: timeout, maxReplySize: maxReplySize) }

    func validate() throws {
        if let problem = usageProblem() { throw usageError(problem) }
    }

    func run() async throws {
        let report: ExportReport
        do {
            report = try await job().run()
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
