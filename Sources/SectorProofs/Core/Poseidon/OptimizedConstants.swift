/// The constants of neptune's default "OptimizedStatic" form (spec §Optimized Round Constants,
/// §Sparse MDS Matrices): the same function as the plain permutation with about a third of the
/// multiplications (t=9: ~2,000 instead of ~5,650), because each partial round mixes with a sparse
/// matrix (2t − 1 products) instead of the full MDS (t²).
struct OptimizedConstants {
    /// Row vector × sparse matrix [[m00, v…], [ŵ, I]]: first row `firstRow` (t entries), first
    /// column below the diagonal `wHat` (t − 1 entries), identity elsewhere.
    struct SparseMatrix {
        var firstRow: [Fr]
        var wHat: [Fr]
    }

    /// RC′: t pre-round constants, t per full round but the last, one per partial round.
    let roundConstants: [Fr]
    /// Mixes the last full round of the first half (absorbs the first sparse factor).
    let preSparse: FieldMatrix
    /// One per partial round, in round order.
    let sparse: [SparseMatrix]

    init(_ parameters: PoseidonParameters) {
        roundConstants = OptimizedConstants.compress(parameters)
        (preSparse, sparse) = OptimizedConstants.factor(parameters.mds, times: parameters.partialRounds)
    }

    /// Moves every constant after the S-box it follows (× MDS⁻¹), and pushes the partial rounds'
    /// constants on elements 1… back through the linear layers until only element 0 keeps one.
    static func compress(_ p: PoseidonParameters) -> [Fr] {
        let inverse = p.mds.inverse!
        let half = p.halfFullRounds
        var out = p.constants(round: 0)
        for r in 1..<half { out += p.constants(round: r) * inverse }
        var partial: [Fr] = []
        var acc = p.constants(round: half + p.partialRounds)
        for r in (half..<(half + p.partialRounds)).reversed() {
            var moved = acc * inverse
            partial.append(moved[0])
            moved[0] = .zero
            acc = zip(moved, p.constants(round: r)).map { $0 + $1 }
        }
        out += acc * inverse
        out += partial.reversed()
        for r in (half + p.partialRounds + 1)..<p.rounds { out += p.constants(round: r) * inverse }
        return out
    }

    /// Factors MDS (repeatedly) as m = m′ × m″ with m′ = diag(1, m̂) — which commutes with a
    /// partial round's element-0 S-box — and m″ sparse; what is left of the first partial round
    /// becomes the pre-sparse matrix.
    static func factor(_ mds: FieldMatrix, times count: Int) -> (FieldMatrix, [SparseMatrix]) {
        var m = mds
        var sparse: [SparseMatrix] = []
        for _ in 0..<count {
            let hat = m.minor
            let w = m.rows.dropFirst().map { $0[0] }
            let wHat = hat.inverse!.apply(w)
            sparse.append(SparseMatrix(firstRow: m.rows[0], wHat: wHat))
            var prime = FieldMatrix.identity(m.size)
            for i in 1..<m.size { for j in 1..<m.size { prime.rows[i][j] = hat.rows[i - 1][j - 1] } }
            m = mds * prime
        }
        return (m, sparse.reversed())
    }
}
