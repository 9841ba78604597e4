/// Serialises `CBOR` with minimal-length headers, as cbor-gen's `WriteMajorTypeHeader` does.
public enum CBOREncoder {
    public static func encode(_ item: CBOR) -> [UInt8] {
        var out: [UInt8] = []
        encode(item, into: &out)
        return out
    }

    public static func encode(_ item: CBOR, into out: inout [UInt8]) {
        switch item {
        case .unsigned(let n): header(0, n, &out)
        case .negative(let n): header(1, n, &out)
        case .bytes(let b):
            header(2, UInt64(b.count), &out)
            out += b
        case .text(let s):
            let utf8 = Array(s.utf8)
            header(3, UInt64(utf8.count), &out)
            out += utf8
        case .array(let items):
            header(4, UInt64(items.count), &out)
            for i in items { encode(i, into: &out) }
        case .map(let entries):
            header(5, UInt64(entries.count), &out)
            for (k, v) in entries {
                encode(k, into: &out)
                encode(v, into: &out)
            }
        case .tag(let t, let inner):
            header(6, t, &out)
            encode(inner, into: &out)
        case .bool(let b): out.append(b ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        case .undefined: out.append(0xF7)
        }
    }

    static func header(_ major: UInt8, _ value: UInt64, _ out: inout [UInt8]) {
        let m = major << 5
        switch value {
        case 0..<24: out.append(m | UInt8(value))
        case 24...0xFF: out += [m | 24, UInt8(value)]
        case 0x100...0xFFFF: out += [m | 25] + bigEndian(value, 2)
        case 0x1_0000...0xFFFF_FFFF: out += [m | 26] + bigEndian(value, 4)
        default: out += [m | 27] + bigEndian(value, 8)
        }
    }

    private static func bigEndian(_ v: UInt64, _ n: Int) -> [UInt8] {
        (0..<n).reversed().map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
    }
}
