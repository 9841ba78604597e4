@testable import SectorProofs
import Testing

/// The constants are derived at start-up (nothing checked in); these pin them to neptune's
/// published table and to the spec's MDS definition.
@Suite(.tags(.fast)) struct ConstantsTests {
    /// neptune `parameters/round_constants-1-1-255-9-8-57-73EDA753….txt` (the Hades script's
    /// output): the first two, the middle one and the last of its 585 constants.
    @Test func grainConstantsForWidth9MatchNeptune() {
        let rc = PoseidonParameters(width: 9).roundConstants
        #expect(rc.count == 585)
        #expect(bigEndianHex(rc[0]) == "6ce90d12c4045fe08c3caddb776dd84ac52b4ae7e48cd49443984154f2f4c2f9")
        #expect(bigEndianHex(rc[1]) == "0ccd9b480c84022b25a75b52c8e89d80b4fa6378d32e58f3a175504940bcec39")
        #expect(bigEndianHex(rc[292]) == "04ba918fbedf5ca2ad82102908e0b4410560fd676193fd555c8982c2c97d3deb")
        #expect(bigEndianHex(rc[584]) == "3b3a75eb91b0f723bcc4ab7e449e4a011b8960063efe74670c05e545519d9a8c")
    }

    @Test func mdsIsTheCauchyMatrix() {
        let m = PoseidonParameters(width: 3).mds
        #expect(m.rows[0][0] * Fr(3) == .one)
        #expect(m.rows[2][1] * Fr(6) == .one)
        #expect(m.rows == (0..<3).map { i in (0..<3).map { m.rows[$0][i] } }, "symmetric")
        #expect(m * m.inverse! == .identity(3))
    }

    func bigEndianHex(_ x: Fr) -> String { String(x.hex.utf8.reversedPairs()) }
}

extension String.UTF8View {
    /// Hex of little-endian bytes read back to front (big-endian text).
    func reversedPairs() -> String {
        let digits = Array(self)
        var out: [UInt8] = []
        for i in stride(from: digits.count - 2, through: 0, by: -2) { out += digits[i...i + 1] }
        return String(decoding: out, as: UTF8.self)
    }
}
