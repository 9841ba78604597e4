/// `p_aux` (reference §3.1): bincode of `PersistentAux { comm_c, comm_r_last }`, i.e. exactly 64
/// bytes, two field elements little-endian. Lotus reads it the same way (`PAuxCommR`).
public struct PersistentAux: Sendable, Equatable {
    public static let byteCount = 64

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case size(Int)
        /// Which half (comm_c at 0, comm_r_last at 32) is no field element.
        case nonCanonical(field: String, offset: Int)

        public var description: String {
            switch self {
            case .size(let n): "is \(n) bytes, 64 expected (comm_c ‖ comm_r_last)"
            case let .nonCanonical(field, offset): "\(field) (bytes \(offset)–\(offset + 31)) is not a field element (≥ p)"
            }
        }
    }

    public var commC: Fr
    public var commRLast: Fr

    public init(commC: Fr, commRLast: Fr) {
        self.commC = commC
        self.commRLast = commRLast
    }

    public init(bytes: [UInt8]) throws(Problem) {
        guard bytes.count == Self.byteCount else { throw .size(bytes.count) }
        guard let c = Fr(littleEndian: Array(bytes[0..<32])) else { throw .nonCanonical(field: "comm_c", offset: 0) }
        guard let last = Fr(littleEndian: Array(bytes[32..<64])) else { throw .nonCanonical(field: "comm_r_last", offset: 32) }
        commC = c
        commRLast = last
    }

    public var bytes: [UInt8] { commC.littleEndianBytes + commRLast.littleEndianBytes }

    /// CommR = H2(comm_c, comm_r_last).
    public var commR: Fr { TreeHash.commR(commC: commC, commRLast: commRLast) }
}
