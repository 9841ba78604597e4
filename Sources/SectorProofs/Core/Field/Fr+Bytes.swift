/// Fr's 32-byte form as Filecoin stores it: the integer, little-endian, not Montgomery
/// (`fr32`, `PoseidonDomain`, p_aux, tree-r-last files, sealed replica nodes, CommR digests).
extension Fr {
    /// Reads 32 little-endian bytes at `offset`; nil when the integer is ≥ p (Rust's `from_repr`
    /// refuses such a node, so on disk it is corruption).
    @inlinable
    public init?(littleEndian bytes: UnsafeRawBufferPointer, at offset: Int = 0) {
        precondition(offset >= 0 && offset + 32 <= bytes.count, "a field element is 32 bytes")
        let l0 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let l1 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        let l2 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        let l3 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        self.init(canonicalLimbs: l0, l1, l2, l3)
    }

    public init?(littleEndian bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        guard let value = bytes.withUnsafeBytes({ Fr(littleEndian: $0) }) else { return nil }
        self = value
    }

    /// Writes the 32 little-endian bytes of the integer at `offset`.
    @inlinable
    public func store(into bytes: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        precondition(offset >= 0 && offset + 32 <= bytes.count, "a field element is 32 bytes")
        let (l0, l1, l2, l3) = canonicalLimbs
        bytes.storeBytes(of: l0.littleEndian, toByteOffset: offset, as: UInt64.self)
        bytes.storeBytes(of: l1.littleEndian, toByteOffset: offset + 8, as: UInt64.self)
        bytes.storeBytes(of: l2.littleEndian, toByteOffset: offset + 16, as: UInt64.self)
        bytes.storeBytes(of: l3.littleEndian, toByteOffset: offset + 24, as: UInt64.self)
    }

    public var littleEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { store(into: $0) }
        return out
    }

    /// Lower-case hex of the little-endian bytes, as the reference's vectors print them.
    public var hex: String { littleEndianBytes.hexString }

    /// Parses 64 hex digits of little-endian bytes; nil when malformed or ≥ p.
    public init?(hex: String) {
        guard let bytes = [UInt8](hex: hex) else { return nil }
        self.init(littleEndian: bytes)
    }
}

extension [UInt8] {
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes from hex text (even length, 0-9 a-f A-F); nil otherwise.
    public init?(hex: String) {
        let text = Array(hex.utf8)
        guard text.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        for i in stride(from: 0, to: text.count, by: 2) {
            guard let high = nibble(text[i]), let low = nibble(text[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        self = out
    }
}
