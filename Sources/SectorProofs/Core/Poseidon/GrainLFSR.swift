/// The Grain LFSR in self-shrinking mode that Poseidon's reference scripts (and neptune) use to
/// draw round constants: the constants are a function of the instance (field, S-box, width, round
/// numbers) alone, so deriving them here gives exactly the table neptune derives.
struct GrainLFSR {
    private var state: [UInt8]
    private var position = 0

    /// The 80-bit initial state, most significant bit first per field: field type 1 (prime,
    /// 2 bits), S-box 1 (x⁵, 4 bits — not 0, which is x³ and matches nothing of Filecoin's),
    /// field size 255 (12 bits — not 256), t (12), R_F (10), R_P (10), then thirty 1s.
    init(width: Int, fullRounds: Int, partialRounds: Int) {
        var bits: [UInt8] = []
        func append(_ value: Int, _ count: Int) {
            for i in (0..<count).reversed() { bits.append(UInt8((value >> i) & 1)) }
        }
        append(1, 2)
        append(1, 4)
        append(255, 12)
        append(width, 12)
        append(fullRounds, 10)
        append(partialRounds, 10)
        append((1 << 30) - 1, 30)
        state = bits
        for _ in 0..<160 { _ = nextRawBit() }
    }

    /// b(i+80) = b(i+62) ⊕ b(i+51) ⊕ b(i+38) ⊕ b(i+23) ⊕ b(i+13) ⊕ b(i), on a ring buffer.
    private mutating func nextRawBit() -> Bool {
        func bit(_ i: Int) -> UInt8 { state[(position + i) % 80] }
        let new = bit(62) ^ bit(51) ^ bit(38) ^ bit(23) ^ bit(13) ^ bit(0)
        state[position] = new
        position = (position + 1) % 80
        return new == 1
    }

    /// Self-shrinking: of each pair, output the second bit when the first is 1.
    private mutating func nextBit() -> Bool {
        while true {
            let keep = nextRawBit()
            let bit = nextRawBit()
            if keep { return bit }
        }
    }

    /// The next 255-bit integer (first bit most significant) that is below p, as little-endian limbs.
    mutating func nextFieldLimbs() -> (UInt64, UInt64, UInt64, UInt64) {
        while true {
            var limbs: [UInt64] = [0, 0, 0, 0]
            for index in (0..<255).reversed() where nextBit() {
                limbs[index / 64] |= 1 << UInt64(index % 64)
            }
            if Fr.isBelowModulus(limbs[0], limbs[1], limbs[2], limbs[3]) { return (limbs[0], limbs[1], limbs[2], limbs[3]) }
        }
    }

    /// `count` round constants, in the order neptune stores them (round r uses [r·t, r·t + t)).
    static func roundConstants(width: Int, fullRounds: Int, partialRounds: Int) -> [Fr] {
        var grain = GrainLFSR(width: width, fullRounds: fullRounds, partialRounds: partialRounds)
        return (0..<(fullRounds + partialRounds) * width).map { _ in
            let (l0, l1, l2, l3) = grain.nextFieldLimbs()
            return Fr(canonicalLimbs: l0, l1, l2, l3)!
        }
    }
}
