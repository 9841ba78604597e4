/// Dot products with one Montgomery reduction for all terms ("lazy reduction"). Poseidon's linear
/// layers are dot products of up to 9 terms (each full round: 9 of them; each partial round: 1);
/// reducing once instead of per product saves about 40% of their multiply instructions.
extension Fr {
    /// Σ x[i]·y[i] for count ≤ 9.
    @inlinable @inline(__always)
    static func dot(_ x: UnsafePointer<Fr>, _ y: UnsafePointer<Fr>, _ count: Int) -> Fr {
        var sum = WideSum()
        for i in 0..<count { sum.add(x[i], y[i]) }
        return sum.reduced()
    }
}

/// An unreduced sum of products of Montgomery values: nine limbs, since 9 products of values < p
/// stay below 9p² < 2^514.
@usableFromInline
struct WideSum {
    @usableFromInline var r0: UInt64 = 0, r1: UInt64 = 0, r2: UInt64 = 0, r3: UInt64 = 0
    @usableFromInline var r4: UInt64 = 0, r5: UInt64 = 0, r6: UInt64 = 0, r7: UInt64 = 0, r8: UInt64 = 0

    @inlinable init() {}

    /// Adds the full 512-bit product a·b (schoolbook, 16 limb products).
    @inlinable @inline(__always)
    mutating func add(_ a: Fr, _ b: Fr) {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        var t4: UInt64 = 0, t5: UInt64 = 0, t6: UInt64 = 0, t7: UInt64 = 0
        var c: UInt64
        (c, t0) = Fr.mulAdd(a.l0, b.l0, 0, 0)
        (c, t1) = Fr.mulAdd(a.l1, b.l0, 0, c)
        (c, t2) = Fr.mulAdd(a.l2, b.l0, 0, c)
        (t4, t3) = Fr.mulAdd(a.l3, b.l0, 0, c)
        (c, t1) = Fr.mulAdd(a.l0, b.l1, t1, 0)
        (c, t2) = Fr.mulAdd(a.l1, b.l1, t2, c)
        (c, t3) = Fr.mulAdd(a.l2, b.l1, t3, c)
        (t5, t4) = Fr.mulAdd(a.l3, b.l1, t4, c)
        (c, t2) = Fr.mulAdd(a.l0, b.l2, t2, 0)
        (c, t3) = Fr.mulAdd(a.l1, b.l2, t3, c)
        (c, t4) = Fr.mulAdd(a.l2, b.l2, t4, c)
        (t6, t5) = Fr.mulAdd(a.l3, b.l2, t5, c)
        (c, t3) = Fr.mulAdd(a.l0, b.l3, t3, 0)
        (c, t4) = Fr.mulAdd(a.l1, b.l3, t4, c)
        (c, t5) = Fr.mulAdd(a.l2, b.l3, t5, c)
        (t7, t6) = Fr.mulAdd(a.l3, b.l3, t6, c)
        (r0, c) = Fr.addCarry(r0, t0, 0)
        (r1, c) = Fr.addCarry(r1, t1, c)
        (r2, c) = Fr.addCarry(r2, t2, c)
        (r3, c) = Fr.addCarry(r3, t3, c)
        (r4, c) = Fr.addCarry(r4, t4, c)
        (r5, c) = Fr.addCarry(r5, t5, c)
        (r6, c) = Fr.addCarry(r6, t6, c)
        (r7, c) = Fr.addCarry(r7, t7, c)
        r8 &+= c
    }

    /// Montgomery reduction of the whole sum (the bls12_381 crate's `montgomery_reduce`, with a
    /// ninth limb on top): (sum + m·p)/2^256 < sum/2^256 + p < 5.08p, then three branch-free
    /// conditional subtractions (4p, 2p, p) bring it below p.
    @inlinable @inline(__always)
    func reduced() -> Fr {
        var (a1, a2, a3, a4, a5, a6, a7, a8) = (r1, r2, r3, r4, r5, r6, r7, r8)
        var c: UInt64, top: UInt64
        var m = r0 &* Fr.inv
        (c, _) = Fr.mulAdd(m, Fr.p0, r0, 0)
        (c, a1) = Fr.mulAdd(m, Fr.p1, a1, c)
        (c, a2) = Fr.mulAdd(m, Fr.p2, a2, c)
        (c, a3) = Fr.mulAdd(m, Fr.p3, a3, c)
        (a4, top) = Fr.addCarry(a4, c, 0)
        m = a1 &* Fr.inv
        (c, _) = Fr.mulAdd(m, Fr.p0, a1, 0)
        (c, a2) = Fr.mulAdd(m, Fr.p1, a2, c)
        (c, a3) = Fr.mulAdd(m, Fr.p2, a3, c)
        (c, a4) = Fr.mulAdd(m, Fr.p3, a4, c)
        (a5, top) = Fr.addCarry(a5, c, top)
        m = a2 &* Fr.inv
        (c, _) = Fr.mulAdd(m, Fr.p0, a2, 0)
        (c, a3) = Fr.mulAdd(m, Fr.p1, a3, c)
        (c, a4) = Fr.mulAdd(m, Fr.p2, a4, c)
        (c, a5) = Fr.mulAdd(m, Fr.p3, a5, c)
        (a6, top) = Fr.addCarry(a6, c, top)
        m = a3 &* Fr.inv
        (c, _) = Fr.mulAdd(m, Fr.p0, a3, 0)
        (c, a4) = Fr.mulAdd(m, Fr.p1, a4, c)
        (c, a5) = Fr.mulAdd(m, Fr.p2, a5, c)
        (c, a6) = Fr.mulAdd(m, Fr.p3, a6, c)
        (a7, top) = Fr.addCarry(a7, c, top)
        a8 &+= top
        var v = (a4, a5, a6, a7, a8)
        WideSum.subtractIfAtLeast(&v, (0xFFFF_FFFC_0000_0004, 0x4EF6_900B_FFF9_6FFB, 0xCCE7_6020_2687_6015, 0xCFB6_9D4C_A675_F520, 1))
        WideSum.subtractIfAtLeast(&v, (0xFFFF_FFFE_0000_0002, 0xA77B_4805_FFFC_B7FD, 0x6673_B010_1343_B00A, 0xE7DB_4EA6_533A_FA90, 0))
        WideSum.subtractIfAtLeast(&v, (Fr.p0, Fr.p1, Fr.p2, Fr.p3, 0))
        return Fr(limbs: v.0, v.1, v.2, v.3)
    }

    @inlinable @inline(__always)
    static func subtractIfAtLeast(_ v: inout (UInt64, UInt64, UInt64, UInt64, UInt64), _ k: (UInt64, UInt64, UInt64, UInt64, UInt64)) {
        let (d0, b0) = Fr.subBorrow(v.0, k.0, 0)
        let (d1, b1) = Fr.subBorrow(v.1, k.1, b0)
        let (d2, b2) = Fr.subBorrow(v.2, k.2, b1)
        let (d3, b3) = Fr.subBorrow(v.3, k.3, b2)
        let (d4, b4) = Fr.subBorrow(v.4, k.4, b3)
        let keep = 0 &- b4  // all ones when v < k
        v = (d0 ^ ((v.0 ^ d0) & keep), d1 ^ ((v.1 ^ d1) & keep), d2 ^ ((v.2 ^ d2) & keep), d3 ^ ((v.3 ^ d3) & keep), d4 ^ ((v.4 ^ d4) & keep))
    }
}
