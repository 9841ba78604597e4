public import LotusMetadata
public import SectorProofs

/// CommR as lotus and damocles write it: CIDv1, codec fil-commitment-sealed (0xf102), multihash
/// poseidon-bls12_381-a2-fc1 (0xb401), the 32 bytes of the element little-endian as the digest
/// (go-fil-commcid `ReplicaCommitmentV1ToCID`); its text starts `bagboea4b5abc`.
public enum SealedCID {
    public static func cid(_ commR: Fr) -> CID {
        CID(codec: CID.Codec.filCommitmentSealed, hashCode: CID.Hash.poseidonBLS12381A2FC1, digest: commR.littleEndianBytes)
    }
}

/// The CommR a source of truth records for one replica, and where it says so (for messages).
public struct ExpectedCommR: Sendable {
    public var cid: CID
    public var source: String

    public init(cid: CID, source: String) {
        self.cid = cid
        self.source = source
    }
}
