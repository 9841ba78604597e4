@testable import SectorProofs
import Testing

/// Known-answer vectors V1–V8 of shared/reference/sector-proofs.md §6 (neptune `hash_values_aux`,
/// rust-fil-proofs `test_poseidon_hasher`, lotus `commr_test.go`) and the derived ones.
@Suite(.tags(.fast)) struct PoseidonVectorTests {
    static func fr(_ limbs: [UInt64]) -> Fr { Fr(canonicalLimbs: limbs[0], limbs[1], limbs[2], limbs[3])! }

    static func hasher(width: Int) -> PoseidonHasher {
        switch width {
        case 3: .arity2
        case 9: .arity8
        default: PoseidonHasher(PoseidonParameters(width: width))
        }
    }

    static func hash(width: Int, _ inputs: [Fr]) -> Fr {
        inputs.withUnsafeBufferPointer { hasher(width: width).hash($0) }
    }

    /// V1–V5: MerkleTree hashes of 0, 1, …, arity − 1.
    @Test(arguments: [
        (3, [0x2e20_3c36_9a02_e7ff, 0xa6fb_a933_9d05_a69d, 0x739e_0fd9_02ef_e161, 0x3965_08d7_5e76_a56b] as [UInt64]),
        (5, [0x0198_14ff_6662_075d, 0xfb6b_4605_bf13_27ec, 0x00db_3c65_7922_9399, 0x58a5_4b10_a9e5_848a]),
        (9, [0x2a99_34f5_6d38_a5e6, 0x4b68_2e9d_9cc4_aed9, 0x1201_0042_1167_7077, 0x2394_611d_a3a5_de55]),
        (12, [0xcee3_bbc3_2b69_3163, 0x09f3_dcd8_ccb0_8fc1, 0x6ca5_37e2_32eb_e87a, 0x0c0f_c1b2_e522_7f28]),
        (17, [0x1291_c740_6026_6d37, 0x5b8d_bc6d_3068_0a6f, 0xc1c2_fb5a_6f87_1e63, 0x2d3a_e266_3381_ae8a]),
    ])
    func neptuneHashValues(width: Int, expected: [UInt64]) {
        let inputs = (0..<UInt64(width - 1)).map { Fr($0) }
        #expect(Self.hash(width: width, inputs) == Self.fr(expected))
        #expect(PoseidonParameters(width: width).plainHash(inputs) == Self.fr(expected), "plain form")
    }

    @Test func v1AndV3AsBytes() {
        #expect(TreeHash.h2(Fr(0), Fr(1)).hex == "ffe7029a363c202e9da6059d33a9fba661e1ef02d90f9e736ba5765ed7086539")
        #expect(TreeHash.h8((0..<8).map { Fr($0) }).hex == "e6a5386df534992ad9aec49c9d2e684b777067114200011255dea5a31d619423")
    }

    /// V6, V7: rust-fil-proofs' binary Poseidon tree over leaves [1, 0, 0, 1].
    @Test func filProofsBinaryTree() {
        let left = TreeHash.h2(Fr(1), Fr(0))
        #expect(left == Self.fr([0xb339_ff60_7980_0b5e, 0xec59_07b3_dc30_94af, 0x93c0_03cc_74a2_4f26, 0x042f_94ff_be78_6bc3]))
        #expect(left.hex == "5e0b807960ff39b3af9430dcb30759ec264fa274cc03c093c36b78beff942f04")
        let root = TreeHash.h2(left, TreeHash.h2(Fr(0), Fr(1)))
        #expect(root == Self.fr([0xefbb_8be3_e291_e671, 0x77cc_72b8_cb2b_5ad2, 0x30eb_6385_ae6b_74ae, 0x1eff_ebb7_b26a_d9eb]))
        #expect(root.hex == "71e691e2e38bbbefd25a2bcbb872cc77ae746bae8563eb30ebd96ab2b7ebff1e")
    }

    /// V8: lotus' CommR from p_aux.
    @Test func lotusCommRFromPAux() {
        let commC = Fr(hex: "091e073b982f66f013c026da6e54d87dbf8bba848ef57a5529c7e7f72c828843")!
        let commRLast = Fr(hex: "f0c5785c6c8cf62d968b1ecd68edb9d91eb9445c7858a60026f8826860f7e768")!
        #expect(TreeHash.commR(commC: commC, commRLast: commRLast).hex == "e674d19e6ce7fcf33bbfd9b343a0ceb12d2831d1da543161891ebccad2c6db01")
        #expect(TreeHash.commR(commC: commC.littleEndianBytes, commRLast: commRLast.littleEndianBytes)?.hexString
            == "e674d19e6ce7fcf33bbfd9b343a0ceb12d2831d1da543161891ebccad2c6db01")
        #expect(TreeHash.commR(commC: [UInt8](repeating: 0xFF, count: 32), commRLast: commRLast.littleEndianBytes) == nil)
    }

    @Test func derivedVectors() {
        #expect(TreeHash.h2(.zero, .zero).hex == "d413460e7f14e58b413d1defe188d36fb761afe5c6a733db6c6f1931130bfe48")
        let zeros = TreeHash.h8([Fr](repeating: .zero, count: 8))
        #expect(zeros.hex == "3a9bffca31b48234d189b30de60b7c33f529c08b0836a004f98938b614e6793f")
        #expect(TreeHash.h8([Fr](repeating: zeros, count: 8)).hex == "643ff4d08bf7d20de2f3cf0506d75cfb763aa239971e24fad179a7970a06ef1f")
    }

    /// The optimized permutation equals the plain one on inputs that are not small integers.
    @Test(arguments: [3, 9])
    func optimizedEqualsPlain(width: Int) {
        var x = Fr(hex: "091e073b982f66f013c026da6e54d87dbf8bba848ef57a5529c7e7f72c828843")!
        for _ in 0..<5 {
            let inputs = (0..<(width - 1)).map { _ in
                x = x * x + Fr(3)
                return x
            }
            #expect(Self.hash(width: width, inputs) == PoseidonParameters(width: width).plainHash(inputs))
        }
    }
}
