extension CID {
    /// Why this CID is not a CommR (§5.5), in the order damocles checks; nil when it is one.
    public var commRProblem: String? {
        if codec != Codec.filCommitmentSealed { return "codec 0x\(String(codec, radix: 16)) is not fil-commitment-sealed" }
        if hashCode != Hash.poseidonBLS12381A2FC1 { return "hash 0x\(String(hashCode, radix: 16)) is not poseidon-bls12_381-a2-fc1" }
        if digest.count != 32 { return "digest is \(digest.count) bytes, want 32" }
        return nil
    }

    /// The 32-byte replica commitment inside a CommR (damocles' `CID2ReplicaCommitment`, which
    /// `UpgradePublic.CommR` stores). `text` names the CID in the error as the user gave it, which
    /// may be another multibase than `description`.
    public func replicaCommitment(text: String? = nil) throws(CIDError) -> [UInt8] {
        if let why = commRProblem { throw .notCommitment(text ?? description, why) }
        return digest
    }
}
