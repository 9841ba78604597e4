import FerryRPC
import LotusMetadata
import TransferIO

extension ExportMetadataCommand {
    /// The first usage error, or nil. `job()` rebuilds the parsed values, which cannot fail then.
    func usageProblem() -> String? {
        if onlyNextNumber && nextNumber == nil { return "flag next-number must be set when only update the value of it" }
        if let nextNumber, let problem = SectorNumberLimit.problem(nextNumber, "--next-number") { return problem }
        if onlyNextNumber && (fromJSON != nil || damoclesAPI != nil) {
            return "--only-next-number writes no sector; do not combine it with --from-json or --damocles-api"
        }
        if fromJSON != nil && damoclesAPI != nil { return "give one source of sector states: --from-json or --damocles-api, not both" }
        if !onlyNextNumber && fromJSON == nil && damoclesAPI == nil {
            return "no source of sector states: give --from-json FILE_OR_DIR or --damocles-api MULTIADDR_OR_URL"
        }
        if damoclesToken != nil && damoclesAPI == nil { return "--damocles-token needs --damocles-api" }
        if messagerToken != nil && messagerAPI == nil { return "--messager-token needs --messager-api" }
        if let bad = numbers.first(where: { CanonicalDecimal.parse($0) == nil }) { return "--numbers '\(bad)' is not a sector number" }
        if let problem = limits.problem { return problem }
        for (flag, address, token) in [("--damocles-api", damoclesAPI, damoclesToken), ("--messager-api", messagerAPI, messagerToken)] {
            guard let address else { continue }
            do { _ = try APIEndpoint(address: address, token: token) } catch { return "\(flag): \(error)" }
        }
        if let problem = target.problem { return problem }
        return nil
    }

    func job() throws -> MetadataExportJob {
        var options = ExportOptions(miner: Address(actorID: target.miner?.id ?? 0))
        options.nextNumber = nextNumber
        options.onlyNextNumber = onlyNextNumber
        options.override = override
        options.dryRun = dryRun
        options.noBackup = noBackup
        options.allOrNothing = allOrNothing
        if !numbers.isEmpty { options.numbers = Set(numbers.compactMap { CanonicalDecimal.parse($0) }) }

        var source = MetadataExportJob.Source.none
        if let fromJSON { source = .files(fromJSON) }
        if let damoclesAPI { source = .damocles(limits.client(try APIEndpoint(address: damoclesAPI, token: damoclesToken))) }
        var job = MetadataExportJob(repo: LotusRepo(path: LotusMinerRepoPath.resolve(destRepo)), source: source, options: options)
        if let messagerAPI {
            job.messager = MessagerAPI(endpoint: try APIEndpoint(address: messagerAPI, token: messagerToken),
                                       timeout: Double(limits.timeoutSeconds ?? 60), maxReplyBytes: limits.maxReplyBytes ?? JSONRPCClient.defaultMaxReplyBytes)
        }
        if !stores.isEmpty {
            job.updateCache = UpdateCacheCommR(stores: stores.map(FileSystem.absolute), hash: CommRHash.h2)
        }
        return job
    }
}
