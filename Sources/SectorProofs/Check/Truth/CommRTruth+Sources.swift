import LotusMetadata
import SectorStore

extension CommRTruth {
    public struct SourceError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// `--from-json FILE|DIR`: damocles states (the reader `export metadata` uses).
    public static func damocles(path: String) throws(SourceError) -> CommRTruth {
        do {
            return damocles(try SectorStateLoader.load(path: path), name: "the damocles states in \(path)")
        } catch {
            throw SourceError(description: error.description)
        }
    }

    /// `--lotus-repo R`: every `/sectors/<n>` record, for the repo's own miner (`/miner-address`).
    /// Like every lotus datastore reader in ferry, it refuses while lotus-miner holds the repo.
    public static func lotus(repo path: String) throws(SourceError) -> CommRTruth {
        let repo = LotusRepo(path: LotusRepo.expandTilde(path))
        do {
            let miner = try minerID(repo)
            return lotus(try ReadBack.sectors(repo: repo), miner: miner, name: "lotus repo \(path)")
        } catch let error as SourceError {
            throw error
        } catch {
            throw SourceError(description: "\(path): \(error)")
        }
    }

    private static func minerID(_ repo: LotusRepo) throws -> MinerID {
        let repoGuard = try RepoGuard(repo: repo)
        defer { repoGuard.release() }
        let store = try MetadataStore(guard: repoGuard)
        defer { store.close() }
        guard let address = try store.minerAddress(), let id = address.actorID else {
            throw SourceError(description: "\(repo.path): the datastore has no ID /miner-address, so its sector records name no miner")
        }
        return MinerID(id)
    }
}
