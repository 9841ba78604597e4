/// An element of the BLS12-381 scalar field Fr (p = 0x73eda753…00000001, 255 bits): the field
/// Filecoin's Poseidon works in, and the value of every 32-byte node of a sealed replica and of its
/// tree-r-last files.
///
/// Held in Montgomery form (a·R mod p, R = 2^256) on four little-endian 64-bit limbs, so a product
/// costs one 4×4 multiply-and-reduce and no division. Values are always fully reduced (< p), so
/// equality is limb equality.
public struct Fr: Sendable, Hashable {
    @usableFromInline var l0, l1, l2, l3: UInt64

    @inlinable init(limbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        (self.l0, self.l1, self.l2, self.l3) = (l0, l1, l2, l3)
    }

    /// The modulus p, little-endian limbs.
    @usableFromInline static let p0: UInt64 = 0xFFFF_FFFF_0000_0001
    @usableFromInline static let p1: UInt64 = 0x53BD_A402_FFFE_5BFE
    @usableFromInline static let p2: UInt64 = 0x3339_D808_09A1_D805
    @usableFromInline static let p3: UInt64 = 0x73ED_A753_299D_7D48
    /// −p⁻¹ mod 2^64, the Montgomery reduction factor.
    @usableFromInline static let inv: UInt64 = 0xFFFF_FFFE_FFFF_FFFF
    /// R² mod p: multiplying a plain integer by it (Montgomery product) gives its Montgomery form.
    /// Re-derived from p by the tests (FieldTests.montgomeryConstants).
    @usableFromInline static let r2 = Fr(limbs: 0xC999_E990_F3F2_9C6D, 0x2B6C_EDCB_8792_5C23, 0x05D3_1496_7254_398F, 0x0748_D9D9_9F59_FF11)

    public static let zero = Fr(limbs: 0, 0, 0, 0)
    /// R mod p, the Montgomery form of 1.
    public static let one = Fr(limbs: 0x0000_0001_FFFF_FFFE, 0x5884_B7FA_0003_4802, 0x998C_4FEF_ECBC_4FF5, 0x1824_B159_ACC5_056F)

    /// A small integer as a field element.
    public init(_ value: UInt64) {
        self = Fr(limbs: value, 0, 0, 0) * Fr.r2
    }

    /// The integer value's limbs (little-endian), out of Montgomery form.
    public var canonicalLimbs: (UInt64, UInt64, UInt64, UInt64) {
        let plain = self * Fr(limbs: 1, 0, 0, 0)
        return (plain.l0, plain.l1, plain.l2, plain.l3)
    }

    /// Limbs below p, as given (not Montgomery): nil when the integer is ≥ p.
    @inlinable public init?(canonicalLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        guard Fr.isBelowModulus(l0, l1, l2, l3) else { return nil }
        self = Fr(limbs: l0, l1, l2, l3) * Fr.r2
    }

    /// Whether the 256-bit integer (little-endian limbs) is < p: the test Rust's `from_repr` makes
    /// before it accepts 32 bytes as an element.
    @inlinable static func isBelowModulus(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) -> Bool {
        if l3 != p3 { return l3 < p3 }
        if l2 != p2 { return l2 < p2 }
        if l1 != p1 { return l1 < p1 }
        return l0 < p0
    }
}
