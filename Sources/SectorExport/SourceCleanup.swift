import SectorStore
public import TransferCore
import TransferHash
import TransferIO

/// The second phase of a two-phase migration (`export files --reserve`, let lotus prove from
/// the new path, then `--cleanup-sources`): for each sector still in the stores, every file must
/// be committed in the reserve run's journal, its destination must hash (from the device) to the
/// journaled XXH128, and its source must still be the file that was copied; only then are the
/// sector's sources deleted, through the session's pinned removal, journaled in a journal of its
/// own. Per sector, resumable: a rerun finds only what is left.
public struct SourceCleanup {
    public enum Outcome: Sendable {
        case removed(files: Int, bytes: Int64)
        case kept(String)
    }

    let records: [String: JournalRecord]
    let options: TransferOptions

    /// `records`: the reserve run's journal rows, by source path.
    public init(records: [String: JournalRecord], options: TransferOptions) {
        self.records = records
        self.options = options
    }

    /// Why a sector cannot be cleaned up without hashing anything, or nil.
    public func precheck(_ sector: SectorExportPlan.Sector) -> String? {
        for item in sector.items {
            guard let record = records[item.source] else {
                return "\(item.source) was never exported by the --reserve run of this journal; its sources were kept"
            }
            guard record.state >= .committed, record.state != .failed, record.digestValue != nil else {
                return "\(item.source) did not arrive in the --reserve run (\(record.state.rawValue)); its sources were kept"
            }
            guard record.item.size == item.size, record.item.modificationTime == item.modificationTime,
                  record.item.sourceIdentity == nil || item.sourceIdentity == nil || record.item.sourceIdentity == item.sourceIdentity else {
                return "\(item.source) changed since it was copied; its sources were kept"
            }
        }
        return nil
    }

    /// Re-hashes the sector's destination files from the device and, when all match the journal,
    /// removes its sources through `session` (which pins and journals each removal).
    public func clean(_ sector: SectorExportPlan.Sector, session: TransferSession) -> Outcome {
        if let reason = precheck(sector) { return .kept(reason) }
        let rows = sector.items.map { records[$0.source]! }
        let destinations = rows.map(\.item.destination)
        let digests: [String: Result<Digest128, HashFailure>]
        do {
            digests = try TransferEngine.hash(destinations, roots: Array(Set(rows.compactMap(\.item.destinationRoot))), options: options) { _ in }
        } catch {
            return .kept("cannot re-read the destination: \(error); its sources were kept")
        }
        for row in rows {
            switch digests[row.item.destination] {
            case .success(let digest)? where digest == row.digestValue: continue
            case .success(let digest)?:
                return .kept("\(row.item.destination) reads back as xxh128 \(digest.hex), the journal has \(row.digest ?? "-"); its sources were kept")
            case .failure(let failure)?:
                return .kept("\(row.item.destination): \(failure.message); its sources were kept")
            case nil:
                return .kept("\(row.item.destination) was not re-read; its sources were kept")
            }
        }
        let results = rows.map { FileResult(item: $0.item, method: .copy, digest: $0.digestValue, seconds: 0, failure: nil) }
        let failures = (try? session.removeSources(of: results)) ?? ["journal": "cannot write the cleanup journal"]
        if let (source, reason) = failures.sorted(by: { $0.key < $1.key }).first {
            return .kept("\(source): \(reason)")
        }
        return .removed(files: rows.count, bytes: rows.reduce(0) { $0 + $1.item.size })
    }
}
