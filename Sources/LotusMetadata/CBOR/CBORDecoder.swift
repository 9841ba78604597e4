/// Decodes one CBOR item. Definite lengths only (cbor-gen never writes indefinite ones and
/// rejects them), with a nesting limit and length checks so hostile input cannot crash us.
public struct CBORDecoder {
    private let bytes: [UInt8]
    private var position = 0
    private static let maxDepth = 64

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Decodes exactly one item; trailing bytes are an error (cbor-gen's readers would not see them,
    /// but a record with trailing garbage is not something ferry wrote or should trust).
    public static func decode(_ bytes: [UInt8]) throws(CBORError) -> CBOR {
        var decoder = CBORDecoder(bytes)
        let item = try decoder.item(depth: 0)
        guard decoder.position == bytes.count else {
            throw CBORError("\(bytes.count - decoder.position) trailing bytes after CBOR item")
        }
        return item
    }

    private mutating func byte() throws(CBORError) -> UInt8 {
        guard position < bytes.count else { throw CBORError("unexpected end of CBOR input at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func take(_ count: UInt64) throws(CBORError) -> ArraySlice<UInt8> {
        guard count <= UInt64(bytes.count - position) else {
            throw CBORError("length \(count) at byte \(position) runs past the end of the input")
        }
        defer { position += Int(count) }
        return bytes[position..<position + Int(count)]
    }

    private mutating func argument(_ info: UInt8) throws(CBORError) -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24...27:
            var value: UInt64 = 0
            for b in try take(1 << UInt64(info - 24)) { value = value << 8 | UInt64(b) }
            return value
        default: throw CBORError("unsupported additional info \(info) at byte \(position - 1)")
        }
    }

    private mutating func item(depth: Int) throws(CBORError) -> CBOR {
        guard depth < Self.maxDepth else { throw CBORError("CBOR nested deeper than \(Self.maxDepth)") }
        let initial = try byte()
        let major = initial >> 5
        let info = initial & 0x1F
        if major == 7 {
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            default: throw CBORError("unsupported simple/float value 0x\(String(initial, radix: 16))")
            }
        }
        let arg = try argument(info)
        switch major {
        case 0: return .unsigned(arg)
        case 1: return .negative(arg)
        case 2: return .bytes(Array(try take(arg)))
        case 3:
            guard let s = String(validating: try take(arg), as: UTF8.self) else {
                throw CBORError("invalid UTF-8 in text string")
            }
            return .text(s)
        case 4:
            // Each element needs at least one byte: bounds the allocation by the input size.
            guard arg <= UInt64(bytes.count - position) else { throw CBORError("array length \(arg) too large") }
            var items: [CBOR] = []
            items.reserveCapacity(Int(arg))
            for _ in 0..<arg { items.append(try item(depth: depth + 1)) }
            return .array(items)
        case 5:
            guard arg <= UInt64(bytes.count - position) / 2 else { throw CBORError("map length \(arg) too large") }
            var entries: [(CBOR, CBOR)] = []
            for _ in 0..<arg {
                let k = try item(depth: depth + 1)
                entries.append((k, try item(depth: depth + 1)))
            }
            return .map(entries)
        default:  // 6
            return .tag(arg, try item(depth: depth + 1))
        }
    }
}
