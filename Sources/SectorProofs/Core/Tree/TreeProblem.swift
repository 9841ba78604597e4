/// What is wrong in tree or replica data, precisely enough to find it with a hex editor.
public enum TreeProblem: Error, Sendable, Equatable {
    /// 32 bytes at `offset` (of the file or buffer being read) are an integer ≥ p: no field
    /// element, so proofs' `from_repr` would refuse the node.
    case nonCanonical(offset: Int64)
    /// The node at `row`/`node` (byte `offset` of the file) is not the hash of the 8 below it.
    case mismatch(row: Int, node: Int, offset: Int64, expected: Fr, found: Fr)
}
