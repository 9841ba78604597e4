/// Field operations. Everything is branch-free straight-line code on the four limbs: one H8 is
/// about 2,000 multiplications, so these few functions are where the time of a check goes.
///
/// The limb helpers use UInt128 rather than `multipliedFullWidth`/`addingReportingOverflow`: the
/// stdlib's full-width multiply is an ordinary inlinable function that the optimizer stops inlining
/// once a permutation's body is large (it became a call into libswiftCore per limb product), while
/// UInt128 arithmetic lowers straight to mul/adc; measured ~20% faster per H8.
extension Fr {
    /// a·b + c + d as (high, low): never overflows 128 bits.
    @inlinable @inline(__always)
    static func mulAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (hi: UInt64, lo: UInt64) {
        let r = UInt128(a) &* UInt128(b) &+ UInt128(c) &+ UInt128(d)
        return (UInt64(truncatingIfNeeded: r &>> 64), UInt64(truncatingIfNeeded: r))
    }

    /// x + y + carry as (sum, carry out).
    @inlinable @inline(__always)
    static func addCarry(_ x: UInt64, _ y: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let r = UInt128(x) &+ UInt128(y) &+ UInt128(carry)
        return (UInt64(truncatingIfNeeded: r), UInt64(truncatingIfNeeded: r &>> 64))
    }

    /// x − y − borrow as (difference, borrow out).
    @inlinable @inline(__always)
    static func subBorrow(_ x: UInt64, _ y: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let r = UInt128(x) &- UInt128(y) &- UInt128(borrow)
        return (UInt64(truncatingIfNeeded: r), UInt64(truncatingIfNeeded: r &>> 64) & 1)
    }

    /// Subtracts p once when the value is ≥ p (inputs are < 2p). Branch-free: whether to
    /// subtract is a coin flip for hash data, and a mispredicted branch costs as much as the
    /// subtraction itself.
    @inlinable @inline(__always)
    static func reduceOnce(_ t0: UInt64, _ t1: UInt64, _ t2: UInt64, _ t3: UInt64) -> Fr {
        let (d0, b0) = subBorrow(t0, p0, 0)
        let (d1, b1) = subBorrow(t1, p1, b0)
        let (d2, b2) = subBorrow(t2, p2, b1)
        let (d3, b3) = subBorrow(t3, p3, b2)
        let keep = 0 &- b3  // all ones when t < p
        return Fr(limbs: d0 ^ ((t0 ^ d0) & keep), d1 ^ ((t1 ^ d1) & keep), d2 ^ ((t2 ^ d2) & keep), d3 ^ ((t3 ^ d3) & keep))
    }

    @inlinable @inline(__always)
    public static func + (a: Fr, b: Fr) -> Fr {
        // a, b < p < 2^255, so the sum fits in 256 bits.
        let (s0, c0) = addCarry(a.l0, b.l0, 0)
        let (s1, c1) = addCarry(a.l1, b.l1, c0)
        let (s2, c2) = addCarry(a.l2, b.l2, c1)
        let (s3, _) = addCarry(a.l3, b.l3, c2)
        return reduceOnce(s0, s1, s2, s3)
    }

    @inlinable @inline(__always)
    public static func - (a: Fr, b: Fr) -> Fr {
        let (d0, b0) = subBorrow(a.l0, b.l0, 0)
        let (d1, b1) = subBorrow(a.l1, b.l1, b0)
        let (d2, b2) = subBorrow(a.l2, b.l2, b1)
        let (d3, b3) = subBorrow(a.l3, b.l3, b2)
        let mask = 0 &- b3  // add p back only after a borrow, without a branch
        let (e0, c0) = addCarry(d0, p0 & mask, 0)
        let (e1, c1) = addCarry(d1, p1 & mask, c0)
        let (e2, c2) = addCarry(d2, p2 & mask, c1)
        let (e3, _) = addCarry(d3, p3 & mask, c2)
        return Fr(limbs: e0, e1, e2, e3)
    }

    @inlinable @inline(__always)
    public static func += (a: inout Fr, b: Fr) { a = a + b }

    @inlinable @inline(__always)
    public static func *= (a: inout Fr, b: Fr) { a = a * b }

    /// Montgomery product a·b·R⁻¹ (CIOS). p's top limb is below 2^63 − 1, so the running total
    /// never needs a fifth limb (the "no-carry" variant): one reduction step per limb of b.
    @inlinable @inline(__always)
    public static func * (a: Fr, b: Fr) -> Fr {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        step(&t0, &t1, &t2, &t3, a, b.l0)
        step(&t0, &t1, &t2, &t3, a, b.l1)
        step(&t0, &t1, &t2, &t3, a, b.l2)
        step(&t0, &t1, &t2, &t3, a, b.l3)
        return reduceOnce(t0, t1, t2, t3)
    }

    /// One CIOS row: t = (t + a·bi + m·p) / 2^64 with m chosen to clear the low limb.
    @inlinable @inline(__always)
    static func step(_ t0: inout UInt64, _ t1: inout UInt64, _ t2: inout UInt64, _ t3: inout UInt64, _ a: Fr, _ bi: UInt64) {
        let (a0, u0) = mulAdd(a.l0, bi, t0, 0)
        let m = u0 &* inv
        let (c0, _) = mulAdd(m, p0, u0, 0)
        let (a1, u1) = mulAdd(a.l1, bi, t1, a0)
        let (c1, v0) = mulAdd(m, p1, u1, c0)
        let (a2, u2) = mulAdd(a.l2, bi, t2, a1)
        let (c2, v1) = mulAdd(m, p2, u2, c1)
        let (a3, u3) = mulAdd(a.l3, bi, t3, a2)
        let (c3, v2) = mulAdd(m, p3, u3, c2)
        (t0, t1, t2, t3) = (v0, v1, v2, c3 &+ a3)
    }

    @inlinable @inline(__always)
    public var squared: Fr { self * self }

    /// x⁵, Poseidon's S-box, as x·(x²)².
    @inlinable @inline(__always)
    public var fifthPower: Fr {
        let x2 = squared
        return self * x2.squared
    }

    public static prefix func - (a: Fr) -> Fr { zero - a }

    /// a^e for e given as little-endian limbs (square-and-multiply; only for setup work).
    public func power(_ e: [UInt64]) -> Fr {
        var result = Fr.one
        for limb in e.reversed() {
            for bit in (0..<64).reversed() {
                result = result.squared
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    /// a⁻¹ = a^(p−2) (Fermat); nil for zero. Only the constant setup inverts (MDS, sparse matrices).
    public var inverse: Fr? {
        guard self != .zero else { return nil }
        return power([Fr.p0 &- 2, Fr.p1, Fr.p2, Fr.p3])
    }
}
