import ArgumentParser
import FerryRPC
import Foundation
import LotusMetadata
import TransferIO

/// `ferry import`: lotus-miner sector metadata → damocles SectorState, over JSON-RPC.
/// Replaces `damocles-manager util sealer sectors import`, without its panic on deal sectors.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import sector metadata from a running lotus-miner into damocles (JSON-RPC).",
        discussion: """
        Reads Filecoin.ActorAddress, Filecoin.SectorsList (unless --numbers) and Filecoin.SectorsStatus \
        from lotus-miner and writes one damocles SectorState per sector, either into damocles-manager's \
        offline store (--damocles-api, Venus.ImportSector) or as JSON files for \
        `damocles-manager util sealer sectors state import-json` (--to-dir). \
        The lotus-miner API comes from --api/--token, --repo (its api and token files), MINER_API_INFO, or else the repo at $LOTUS_MINER_PATH.
        """
    )

    @Option(help: "lotus-miner API: multiaddr (/ip4/127.0.0.1/tcp/2345/http) or URL.")
    var api: String?

    @Option(help: "lotus-miner API token (JWT).")
    var token: String?

    @Option(help: "lotus-miner repo whose api and token files are read (default when neither --api nor MINER_API_INFO is given: $LOTUS_MINER_PATH; ~ is expanded).", transform: PathArgument.expand)
    var repo: String?

    @Option(help: "Sector number to import (repeatable); default: all sectors lotus-miner lists.")
    var numbers: [String] = []

    @Flag(help: "Replace sector states that already exist in the target.")
    var override = false

    @Flag(help: "Read and map sectors, write nothing.")
    var dryRun = false

    @Flag(help: "Print one JSON report instead of lines.")
    var json = false

    @Option(help: "damocles-manager API: multiaddr or URL (target: its offline sector store).")
    var damoclesApi: String?

    @Option(help: "damocles-manager API token (damocles itself does not check one).")
    var damoclesToken: String?

    @Option(help: "Write one <s-t0M-N>.json per sector into this directory (target: import-json files).", transform: PathArgument.expand)
    var toDir: String?

    @Option(name: .customLong("store"), help: "A store holding update-cache/ (repeatable): snap-upgraded sectors get UpgradedInfo.SealedCID (their new CommR) from its p_aux.", transform: PathArgument.expand)
    var stores: [String] = []

    @Option(help: "Seconds allowed for each whole RPC reply, from request to last byte (whole seconds).")
    var timeout: String = "60"

    @Option(name: .customLong("max-reply-size"), help: "Largest RPC reply accepted (e.g. 64MiB); larger ones are refused while they arrive.")
    var maxReplySize: String = "64MiB"

    func validate() throws {
        if let problem = usageProblem() {
            FileHandle.standardError.write(Data("ferry import: \(problem)\nUsage: ferry \(Self.usageString())\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The first usage error, or nil. Parsed values are rebuilt in `run()`, which cannot fail on them.
    func usageProblem() -> String? {
        switch (damoclesApi, toDir) {
        case (.some, .some): return "give one target: --damocles-api or --to-dir, not both"
        case (nil, nil) where !dryRun: return "no target: give --damocles-api or --to-dir (or --dry-run)"
        default: break
        }
        if damoclesToken != nil, damoclesApi == nil { return "--damocles-token needs --damocles-api" }
        if toDir == "" { return "--to-dir is empty" }
        if api != nil, repo != nil { return "give the lotus-miner API once: --api or --repo, not both" }
        if api == nil, repo == nil, ProcessInfo.processInfo.environment["MINER_API_INFO"] == nil, Self.repoFromEnvironment == nil {
            return "no lotus-miner API: give --api, --repo or set MINER_API_INFO (or LOTUS_MINER_PATH)"
        }
        if let bad = numbers.first(where: { UInt64($0) == nil }) { return "--numbers '\(bad)' is not a sector number" }
        if let problem = limits.problem { return problem }
        do {
            if let api { _ = try APIEndpoint(address: api, token: token) }
            if let damoclesApi { _ = try APIEndpoint(address: damoclesApi, token: damoclesToken) }
            if api == nil, repo == nil, let info = ProcessInfo.processInfo.environment["MINER_API_INFO"] {
                _ = try MinerAPISource.fromAPIInfo(info)
            }
        } catch {
            return error.description
        }
        return nil
    }

    func run() async throws {
        do {
            let report = try await runImport()
            if json {
                print(report.json.encoded)
            } else {
                print(report.summaryLine)
            }
            if report.hasFailures { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("ferry import: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private var limits: RPCLimitFlags { RPCLimitFlags(timeout: timeout, maxReplySize: maxReplySize) }

    private func client(_ endpoint: APIEndpoint) -> JSONRPCClient { limits.client(endpoint) }

    private func runImport() async throws -> ImportReport {
        let lotus = LotusMinerAPI(client: client(try lotusEndpoint()))
        var target: (any ImportTarget)?
        if !dryRun {
            if let damoclesApi {
                let endpoint = try APIEndpoint(address: damoclesApi, token: damoclesToken)
                target = DamoclesImportTarget(api: DamoclesAPI(client: client(endpoint)))
            } else if let toDir {
                target = DirectoryImportTarget(directory: URL(fileURLWithPath: toDir, isDirectory: true))
            }
        }
        let updateCache = stores.isEmpty ? nil
            : UpdateCacheCommR(stores: stores.map(FileSystem.absolute), hash: CommRHash.h2)
        let runner = ImportRunner(lotus: lotus, target: target, updateCache: updateCache)
        let wanted = numbers.isEmpty ? nil : numbers.compactMap { UInt64($0) }
        let lines = !json
        return try await runner.run(numbers: wanted, override: override) { sector in
            if lines { print(sector.line) }
        }
    }

    /// The repo at $LOTUS_MINER_PATH, where lotus-miner's own CLI finds its API. Not ~/.lotusminer by
    /// itself: an import names the lotus-miner it reads, explicitly or through the environment.
    static var repoFromEnvironment: String? {
        ProcessInfo.processInfo.environment["LOTUS_MINER_PATH"].flatMap { $0.isEmpty ? nil : PathArgument.expand($0) }
    }

    /// --api/--token, else --repo (token from --token if given), else MINER_API_INFO, else $LOTUS_MINER_PATH.
    private func lotusEndpoint() throws -> APIEndpoint {
        if let api { return try APIEndpoint(address: api, token: token) }
        var endpoint: APIEndpoint
        if let repo {
            endpoint = try MinerAPISource.fromRepo(repo)
        } else if let info = ProcessInfo.processInfo.environment["MINER_API_INFO"] {
            endpoint = try MinerAPISource.fromAPIInfo(info)
        } else {
            endpoint = try MinerAPISource.fromRepo(Self.repoFromEnvironment ?? "")
        }
        if let token { endpoint.token = token }
        return endpoint
    }
}
