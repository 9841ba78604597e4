import Foundation
import LotusMetadata
public import SectorStore
import TransferIO

/// `ferry sectors generate --valid`: sectors `ferry check` passes, and optionally the damocles
/// states that record their CommRs (one JSON object per line, what `--from-json` reads).
public struct ValidStoreGeneration: Sendable {
    public var store: String
    public var miner: MinerID
    public var size: SectorSize
    public var numbers: Range<UInt64>
    public var snapUpgraded = false
    /// Holes instead of random leaves (the cache is still consistent: it is built over zeros).
    public var sparse = false
    public var seed: UInt64 = 1
    /// Where to write the damocles states; nil for none.
    public var statesFile: String?

    public init(store: String, miner: MinerID, size: SectorSize, numbers: Range<UInt64>) {
        self.store = store
        self.miner = miner
        self.size = size
        self.numbers = numbers
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes the sectors (then the states file); returns each sector's sealed CID text(s), also
    /// handed to `progress` as each sector is written (a 512MiB one takes about a minute).
    public func run(progress: (SectorID, String, String?) -> Void = { _, _, _ in }) throws(Failure) -> [(id: SectorID, sealed: String, update: String?)] {
        let generator = StoreGenerator(store: store, content: .valid(seed: seed, sparse: sparse))
        var out: [(id: SectorID, sealed: String, update: String?)] = []
        var lines: [String] = []
        for number in numbers {
            let id = SectorID(miner: miner, number: number)
            let commitments: StoreGenerator.Commitments
            do {
                commitments = try generator.sector(id, size: size, snapUpgraded: snapUpgraded)
            } catch {
                throw Failure(description: "cannot write sector \(id): \(error)")
            }
            let sealed = Self.cid(commitments.sealed!)
            let update = commitments.update.map(Self.cid)
            out.append((id, sealed.description, update?.description))
            progress(id, sealed.description, update?.description)
            lines.append(DamoclesStateLine.json(id: id, size: size, sealed: sealed, update: update))
        }
        if let statesFile {
            guard FileManager.default.createFile(atPath: statesFile, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else {
                throw Failure(description: "cannot write \(statesFile)")
            }
        }
        return out
    }

    static func cid(_ digest: [UInt8]) -> CID {
        CID(codec: CID.Codec.filCommitmentSealed, hashCode: CID.Hash.poseidonBLS12381A2FC1, digest: digest)
    }
}
