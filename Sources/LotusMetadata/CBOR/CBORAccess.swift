/// Typed accessors used by the record decoders; each error names the field so a bad record can be
/// reported precisely ("Pieces[0].Piece: expected array").
extension CBOR {
    func uint(_ field: String) throws(CBORError) -> UInt64 {
        guard case .unsigned(let n) = self else { throw CBORError("\(field): expected unsigned integer") }
        return n
    }

    func int64(_ field: String) throws(CBORError) -> Int64 {
        switch self {
        case .unsigned(let n) where n <= UInt64(Int64.max): return Int64(n)
        case .negative(let n) where n <= UInt64(Int64.max): return -1 - Int64(n)
        default: throw CBORError("\(field): expected int64")
        }
    }

    func byteString(_ field: String) throws(CBORError) -> [UInt8] {
        guard case .bytes(let b) = self else { throw CBORError("\(field): expected byte string") }
        return b
    }

    func string(_ field: String) throws(CBORError) -> String {
        guard case .text(let s) = self else { throw CBORError("\(field): expected text string") }
        return s
    }

    func boolean(_ field: String) throws(CBORError) -> Bool {
        guard case .bool(let b) = self else { throw CBORError("\(field): expected bool") }
        return b
    }

    func items(_ field: String) throws(CBORError) -> [CBOR] {
        guard case .array(let a) = self else { throw CBORError("\(field): expected array") }
        return a
    }

    func tuple(_ field: String, count: Int) throws(CBORError) -> [CBOR] {
        let a = try items(field)
        guard a.count == count else { throw CBORError("\(field): expected tuple of \(count), got \(a.count)") }
        return a
    }

    /// Text-keyed map entries in wire order.
    func fields(_ field: String) throws(CBORError) -> [(String, CBOR)] {
        guard case .map(let entries) = self else { throw CBORError("\(field): expected map") }
        var out: [(String, CBOR)] = []
        for (k, v) in entries {
            guard case .text(let key) = k else { throw CBORError("\(field): map key is not a text string") }
            out.append((key, v))
        }
        return out
    }

    var isNull: Bool { self == .null }
}
