/// Deterministic stand-ins for a sealed replica and its cache, consistent the way a real one is
/// (every leaf a canonical element, tree-r-last over the leaves, p_aux = comm_c ‖ comm_r_last), so
/// `ferry check` and the tests have sectors that pass. Nothing here is a real seal: comm_c is random
/// and there is no tree-d or tree-c.
public enum SyntheticReplica {
    /// Fills `buffer` (a whole number of 32-byte leaves) with the leaves starting at `firstLeaf`:
    /// random below 2^254 (so always < p), a pure function of (seed, leaf index) so chunks can be
    /// made in any order and on any thread.
    public static func fillLeaves(_ buffer: UnsafeMutableRawBufferPointer, firstLeaf: Int64, seed: UInt64) {
        precondition(buffer.count % 32 == 0, "whole leaves only")
        let words = buffer.bindMemory(to: UInt64.self)
        for leaf in 0..<(buffer.count / 32) {
            var state = seed ^ (UInt64(firstLeaf) &+ UInt64(leaf)) &* 0xD6E8_FEB8_6659_FD93
            for word in 0..<4 { words[leaf * 4 + word] = mix(&state).littleEndian }
            words[leaf * 4 + 3] = (UInt64(littleEndian: words[leaf * 4 + 3]) & 0x3FFF_FFFF_FFFF_FFFF).littleEndian
        }
    }

    /// A random canonical element from a seed (comm_c of a synthetic sector).
    public static func element(seed: UInt64) -> Fr {
        var state = seed
        let limbs = (mix(&state), mix(&state), mix(&state), mix(&state) & 0x3FFF_FFFF_FFFF_FFFF)
        return Fr(canonicalLimbs: limbs.0, limbs.1, limbs.2, limbs.3)!
    }

    /// SplitMix64 step.
    static func mix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The lowest stored node above all-zero leaves: what every lowest node of a sparse (hole)
    /// replica is.
    public static func zeroLowestNode(_ layout: TreeRLastLayout) -> Fr {
        var node = Fr.zero
        for _ in 0...layout.rowsToDiscard { node = TreeHash.h8([Fr](repeating: node, count: 8)) }
        return node
    }
}

extension TreeRLastFile {
    /// A file whose lowest stored row is `lowest` everywhere: every row is then one repeated value,
    /// so a 32 GiB sector's 8 files cost 7 H8 instead of 300,000 (the sparse generator).
    public static func uniform(lowest: Fr, layout: TreeRLastLayout) -> TreeRLastFile {
        var nodes: [Fr] = []
        nodes.reserveCapacity(layout.nodesPerFile)
        var value = lowest
        for row in layout.rows {
            nodes += repeatElement(value, count: row.count)
            value = TreeHash.h8([Fr](repeating: value, count: 8))
        }
        return TreeRLastFile(nodes: nodes, layout: layout)
    }

    /// The file's bytes, as proofs writes them (Fr little-endian, file order).
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: nodes.count * TreeRLastLayout.nodeBytes)
        out.withUnsafeMutableBytes { raw in
            for (index, node) in nodes.enumerated() { node.store(into: raw, at: index * TreeRLastLayout.nodeBytes) }
        }
        return out
    }
}
