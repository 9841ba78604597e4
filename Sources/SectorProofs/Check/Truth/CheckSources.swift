import Foundation
import LotusMetadata

/// Where `ferry check` looks (stores) and what it compares with (at most one source of truth),
/// from the command's flags. `--lotus-repo` without `--store` checks the repo's own storage paths
/// (`storage.json`): "will lotus find and prove every sector it knows?".
public struct CheckSources: Sendable {
    public var stores: [String]
    public var truth: CommRTruth?

    public static func resolve(stores: [String], fromJSON: String?, damoclesAPI: String?, damoclesToken: String?,
                               lotusRepo: String?) async throws(CommRTruth.SourceError) -> CheckSources {
        var sources = CheckSources(stores: stores, truth: nil)
        if let fromJSON {
            sources.truth = try CommRTruth.damocles(path: fromJSON)
        } else if let damoclesAPI {
            sources.truth = try await CommRTruth.damoclesAPI(address: damoclesAPI, token: damoclesToken)
        } else if let lotusRepo {
            sources.truth = try CommRTruth.lotus(repo: lotusRepo)
            if stores.isEmpty { sources.stores = try storagePaths(repo: lotusRepo) }
        }
        return sources
    }

    /// `<repo>/storage.json`'s `StoragePaths[].Path`, as lotus-miner reads it at start.
    public static func storagePaths(repo: String) throws(CommRTruth.SourceError) -> [String] {
        let file = LotusRepo.expandTilde(repo) + "/storage.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommRTruth.SourceError(description: "\(file): cannot read (give --store PATH, or the repo lotus-miner uses)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entries = object["StoragePaths"] as? [[String: Any]] else {
            throw CommRTruth.SourceError(description: "\(file): not lotus' storage.json (no StoragePaths list)")
        }
        let paths = entries.compactMap { $0["Path"] as? String }
        guard !paths.isEmpty else { throw CommRTruth.SourceError(description: "\(file) lists no storage path") }
        return paths
    }
}
