/// Unsigned LEB128 varints (Go's `binary.PutUvarint`, multiformats' unsigned-varint).
public enum Uvarint {
    public static func encode(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    /// Decodes a varint at `offset`; returns the value and the bytes consumed, or nil on a
    /// truncated or >64-bit value.
    public static func decode<C: RandomAccessCollection<UInt8>>(_ bytes: C, at offset: C.Index) -> (value: UInt64, length: Int)? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var i = offset
        var n = 0
        while i < bytes.endIndex {
            let b = bytes[i]
            n += 1
            if n == 10 && b > 1 { return nil }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return (value, n) }
            shift += 7
            if n >= 10 { return nil }
            i = bytes.index(after: i)
        }
        return nil
    }

    /// The whole of `bytes` must be exactly one varint (how `/storage/nextid` is stored).
    public static func decodeExact(_ bytes: [UInt8]) -> UInt64? {
        guard let (value, length) = decode(bytes, at: 0), length == bytes.count else { return nil }
        return value
    }
}
