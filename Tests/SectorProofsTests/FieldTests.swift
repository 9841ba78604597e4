@testable import SectorProofs
import Testing

/// The Montgomery arithmetic against definitions that do not use it.
@Suite(.tags(.fast)) struct FieldTests {
    /// R mod p and R² mod p recomputed by doubling 1 (plain modular additions only).
    @Test func montgomeryConstants() {
        // Plain integers in the limb struct: + and − are the same in and out of Montgomery form.
        var x = Fr(limbs: 1, 0, 0, 0)
        for _ in 0..<256 { x = x + x }
        #expect(x == Fr.one, "R mod p")
        for _ in 0..<256 { x = x + x }
        #expect(x == Fr.r2, "R² mod p")
        // −p⁻¹ mod 2^64
        #expect(Fr.p0 &* Fr.inv == UInt64.max)
    }

    @Test func multiplicationMatchesRepeatedAddition() {
        let a = Fr(hex: "ffe7029a363c202e9da6059d33a9fba661e1ef02d90f9e736ba5765ed7086539")!
        var sum = Fr.zero
        for _ in 0..<1000 { sum += a }
        #expect(a * Fr(1000) == sum)
        #expect(Fr(7) * Fr(6) == Fr(42))
        #expect((a * a.inverse!) == .one)
        #expect(a - a == .zero && -a + a == .zero)
        // p − 1 squared is 1.
        let minusOne = Fr.zero - .one
        #expect(minusOne * minusOne == .one)
        #expect(minusOne.hex == "00000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73")
    }

    @Test func bytesRoundTripAndRejectNonCanonical() {
        let text = "091e073b982f66f013c026da6e54d87dbf8bba848ef57a5529c7e7f72c828843"
        #expect(Fr(hex: text)?.hex == text)
        // p itself and all-ones are not elements; p − 1 is.
        #expect(Fr(hex: "01000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73") == nil)
        #expect(Fr(hex: String(repeating: "f", count: 64)) == nil)
        #expect(Fr(hex: "00000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73") != nil)
        #expect(Fr(UInt64(5)).canonicalLimbs == (5, 0, 0, 0))
    }
}
