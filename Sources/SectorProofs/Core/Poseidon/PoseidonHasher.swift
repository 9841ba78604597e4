/// The optimized permutation on flat, immutable constant tables. Created once per width (the
/// `shared` instances); safe to use from any number of threads at once.
public final class PoseidonHasher: @unchecked Sendable {
    public let width: Int
    let partialRounds: Int
    let domainTag: Fr
    /// RC′ (see OptimizedConstants), flat.
    private let constants: UnsafeMutableBufferPointer<Fr>
    /// MDS and pre-sparse, stored transposed (column j contiguous) so a product walks memory in order.
    private let mdsColumns: UnsafeMutableBufferPointer<Fr>
    private let preSparseColumns: UnsafeMutableBufferPointer<Fr>
    /// Per partial round: m00, ŵ (t − 1) — the first column, a dot product with the state — then
    /// the first row's v (t − 1).
    private let sparse: UnsafeMutableBufferPointer<Fr>

    init(_ parameters: PoseidonParameters) {
        let optimized = OptimizedConstants(parameters)
        let t = parameters.width
        width = t
        partialRounds = parameters.partialRounds
        domainTag = parameters.domainTag
        func table(_ values: [Fr]) -> UnsafeMutableBufferPointer<Fr> {
            let buffer = UnsafeMutableBufferPointer<Fr>.allocate(capacity: values.count)
            _ = buffer.initialize(from: values)
            return buffer
        }
        func columns(_ m: FieldMatrix) -> [Fr] { (0..<t).flatMap { j in (0..<t).map { i in m.rows[i][j] } } }
        constants = table(optimized.roundConstants)
        mdsColumns = table(columns(parameters.mds))
        preSparseColumns = table(columns(optimized.preSparse))
        sparse = table(optimized.sparse.flatMap { [$0.firstRow[0]] + $0.wHat + $0.firstRow.dropFirst() })
    }

    deinit {
        constants.deallocate()
        mdsColumns.deallocate()
        preSparseColumns.deallocate()
        sparse.deallocate()
    }

    /// Arity 2 (t = 3): binary tree nodes and CommR = H2(comm_c, comm_r_last).
    public static let arity2 = PoseidonHasher(PoseidonParameters(width: 3))
    /// Arity 8 (t = 9): tree-r-last (TreeR) nodes.
    public static let arity8 = PoseidonHasher(PoseidonParameters(width: 9))

    /// The MerkleTree hash of exactly `width − 1` inputs.
    public func hash(_ inputs: UnsafeBufferPointer<Fr>) -> Fr {
        precondition(inputs.count == width - 1, "a MerkleTree hash takes exactly arity inputs")
        return withUnsafeTemporaryAllocation(of: Fr.self, capacity: 2 * width) { buffer in
            let state = buffer.baseAddress!
            let scratch = state + width
            state.initialize(to: domainTag)
            (state + 1).initialize(from: inputs.baseAddress!, count: width - 1)
            scratch.initialize(repeating: .zero, count: width)
            permute(state, scratch)
            return state[1]
        }
    }

    /// Spec §Optimized Poseidon: pre-add RC′_pre; 4 full rounds (the last mixing with the
    /// pre-sparse matrix); R_P partial rounds with sparse matrices; 4 full rounds, the last
    /// without constants.
    private func permute(_ state: UnsafeMutablePointer<Fr>, _ scratch: UnsafeMutablePointer<Fr>) {
        let t = width
        var c = constants.baseAddress!
        for i in 0..<t { state[i] += c[i] }
        c += t
        for round in 0..<4 {
            for i in 0..<t { state[i] = state[i].fifthPower + c[i] }
            c += t
            mix(state, scratch, round == 3 ? preSparseColumns.baseAddress! : mdsColumns.baseAddress!)
        }
        var s = sparse.baseAddress!
        for _ in 0..<partialRounds {
            state[0] = state[0].fifthPower + c[0]
            c += 1
            mixSparse(state, s)
            s += 2 * t - 1
        }
        for round in 0..<4 {
            if round < 3 {
                for i in 0..<t { state[i] = state[i].fifthPower + c[i] }
                c += t
            } else {
                for i in 0..<t { state[i] = state[i].fifthPower }
            }
            mix(state, scratch, mdsColumns.baseAddress!)
        }
    }

    /// state ← state × M, M given column by column.
    @inline(__always)
    private func mix(_ state: UnsafeMutablePointer<Fr>, _ scratch: UnsafeMutablePointer<Fr>, _ columns: UnsafePointer<Fr>) {
        let t = width
        for j in 0..<t { scratch[j] = Fr.dot(state, columns + j * t, t) }
        state.update(from: scratch, count: t)
    }

    /// state ← state × [[m00, v…], [ŵ, I]]: new[0] = s·(m00, ŵ), new[j] = s_0·v_j + s_j.
    @inline(__always)
    private func mixSparse(_ state: UnsafeMutablePointer<Fr>, _ matrix: UnsafePointer<Fr>) {
        let t = width
        let s0 = state[0]
        let v = matrix + t - 1
        let first = Fr.dot(state, matrix, t)
        for j in 1..<t { state[j] += s0 * v[j] }
        state[0] = first
    }
}
