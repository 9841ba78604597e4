/// One Poseidon instance as Filecoin uses it (neptune `Strength::Standard`, `HashType::MerkleTree`):
/// width t = arity + 1, R_F = 8 full rounds, R_P partial rounds, Grain-LFSR round constants and the
/// Cauchy MDS matrix. Everything is derived from (t, R_F, R_P) here, in well under a second, so
/// no table has to be trusted: the tests compare the first constants with neptune's published file.
struct PoseidonParameters {
    let width: Int
    let fullRounds: Int
    let partialRounds: Int
    /// Plain round constants: round r adds [r·t, r·t + t).
    let roundConstants: [Fr]
    let mds: FieldMatrix

    var arity: Int { width - 1 }
    var halfFullRounds: Int { fullRounds / 2 }
    var rounds: Int { fullRounds + partialRounds }

    /// MerkleTree domain tag 2^arity − 1, the first element of the state (no padding).
    var domainTag: Fr { Fr(UInt64((1 << arity) - 1)) }

    /// R_P by width, from neptune's `round_numbers` for Strength::Standard (R_F is 8 for all).
    static func partialRounds(width: Int) -> Int? {
        [3: 55, 5: 56, 9: 57, 12: 57, 17: 59][width]
    }

    init(width: Int) {
        guard let partial = PoseidonParameters.partialRounds(width: width) else {
            preconditionFailure("no Filecoin Poseidon instance of width \(width)")
        }
        self.width = width
        fullRounds = 8
        partialRounds = partial
        roundConstants = GrainLFSR.roundConstants(width: width, fullRounds: 8, partialRounds: partial)
        mds = .cauchy(width)
    }

    func constants(round r: Int) -> [Fr] { Array(roundConstants[r * width..<(r + 1) * width]) }

    /// The plain ("Correct") permutation of the spec, kept as the reference the optimized form
    /// is tested against: add constants, S-box (all elements in full rounds, element 0 in partial
    /// ones), multiply by MDS; the digest is element 1.
    func plainHash(_ inputs: [Fr]) -> Fr {
        precondition(inputs.count == arity, "a MerkleTree hash takes exactly arity inputs")
        var state = [domainTag] + inputs
        for r in 0..<rounds {
            let c = constants(round: r)
            for i in 0..<width { state[i] += c[i] }
            let full = r < halfFullRounds || r >= halfFullRounds + partialRounds
            for i in 0..<(full ? width : 1) { state[i] = state[i].fifthPower }
            state = state * mds
        }
        return state[1]
    }
}
