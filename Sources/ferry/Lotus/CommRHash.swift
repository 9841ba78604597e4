import LotusMetadata
import SectorProofs

/// The Poseidon H2 `export metadata --store` recovers a snapped sector's new CommR with: the same
/// SectorProofs code `ferry check` computes CommR with, so the two always agree.
enum CommRHash {
    static let h2: UpdateCacheCommR.Hash = { commC, commRLast in
        guard let c = Fr(littleEndian: commC), let r = Fr(littleEndian: commRLast) else { return nil }
        return TreeHash.commR(commC: c, commRLast: r).littleEndianBytes
    }
}
