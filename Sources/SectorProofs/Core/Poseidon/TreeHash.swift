/// The node hashes of Filecoin's Poseidon Merkle trees (filecoin-hashers `PoseidonFunction`):
/// children are hashed with the Poseidon of their count as arity, so a node of 8 children is H8
/// and a node of 2 is H2 whatever level it is on; leaves are not hashed.
public enum TreeHash {
    /// Poseidon arity 2 (domain tag 3): 64 GiB top layer, CommR.
    public static func h2(_ a: Fr, _ b: Fr) -> Fr {
        withUnsafeTemporaryAllocation(of: Fr.self, capacity: 2) { pair in
            pair.initialize(repeating: a)
            pair[1] = b
            return PoseidonHasher.arity2.hash(UnsafeBufferPointer(pair))
        }
    }

    /// Poseidon arity 8 (domain tag 255): every tree-r-last node, and a 32 GiB sector's comm_r_last.
    public static func h8(_ children: UnsafeBufferPointer<Fr>) -> Fr {
        PoseidonHasher.arity8.hash(children)
    }

    public static func h8(_ children: [Fr]) -> Fr {
        children.withUnsafeBufferPointer { h8($0) }
    }

    /// CommR = H2(comm_c, comm_r_last) (rust-fil-proofs `proof.rs`: "comm_r = H(comm_c || comm_r_last)").
    public static func commR(commC: Fr, commRLast: Fr) -> Fr { h2(commC, commRLast) }
}

extension TreeHash {
    /// CommR's 32 bytes (Fr little-endian, the sealed CID's digest) from p_aux's two halves; nil
    /// when either is not 32 bytes of a canonical element. What the metadata exporter needs to give
    /// a snap-upgraded sector its new CommR from `update-cache/<sector>/p_aux` (issue 14 item 6).
    public static func commR(commC: [UInt8], commRLast: [UInt8]) -> [UInt8]? {
        guard let c = Fr(littleEndian: commC), let last = Fr(littleEndian: commRLast) else { return nil }
        return commR(commC: c, commRLast: last).littleEndianBytes
    }
}
