/// RLE+ (go-bitfield `rle`): bits packed LSB-first; 2-bit version 0; 1 bit giving the value of
/// the first run; then alternating run lengths as `1` (1), `01`+4 bits (2–15), or `00`+uvarint
/// bytes (≥16). The final zero-run is not written.
public enum RLEPlus {
    public static func encode(_ bitfield: Bitfield) -> [UInt8] {
        guard !bitfield.isEmpty else { return [] }  // go-bitfield decodes an empty buffer as the empty set
        var writer = BitWriter()
        writer.put(0, 2)
        var runs: [UInt64] = []
        var cursor: UInt64 = 0
        for r in bitfield.ranges {
            if r.lowerBound > cursor { runs.append(r.lowerBound - cursor) }
            runs.append(Bitfield.length(r))
            cursor = r.upperBound
        }
        writer.put(bitfield.ranges[0].lowerBound == 0 ? 1 : 0, 1)
        for length in runs {
            switch length {
            case 1: writer.put(1, 1)
            case 2..<16:
                writer.put(2, 2)
                writer.put(length, 4)
            default:
                writer.put(0, 2)
                for byte in Uvarint.encode(length) { writer.put(UInt64(byte), 8) }
            }
        }
        var out = writer.bytes
        // Newer go-bitfield rejects trailing zero bytes ("not minimally encoded"); its reader
        // treats bits past the end as zero, so trimming loses nothing.
        while out.last == 0 { out.removeLast() }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws(CBORError) -> Bitfield {
        var reader = BitReader(bytes: bytes)
        guard reader.get(2) == 0 else { throw CBORError("RLE+: unsupported version") }
        var value = reader.get(1) == 1
        var position: UInt64 = 0
        var ranges: [Range<UInt64>] = []
        while true {
            let length: UInt64
            if reader.get(1) == 1 {
                length = 1
            } else if reader.get(1) == 1 {
                length = reader.get(4)
            } else {
                var varint: [UInt8] = []
                repeat {
                    varint.append(UInt8(reader.get(8)))
                    guard varint.count <= 10 else { throw CBORError("RLE+: run too long") }
                } while varint.last! & 0x80 != 0
                guard let v = Uvarint.decodeExact(varint) else { throw CBORError("RLE+: bad varint run") }
                length = v
            }
            if length == 0 { break }  // zero padding after the last run reads as a zero-length run
            // go-bitfield's own limit: runs may not pass 2^64−1, so every range fits `Range<UInt64>`.
            guard position <= UInt64.max - length else { throw CBORError("RLE+: runs add up past 2^64-1") }
            if value { ranges.append(position..<(position + length)) }
            position += length
            value.toggle()
            if reader.exhausted { break }
        }
        // Runs alternate, so set runs are sorted and separated by at least one clear bit.
        return Bitfield(separatedRanges: ranges)
    }
}

private struct BitWriter {
    var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func put(_ value: UInt64, _ count: Int) {
        for i in 0..<count {
            if bitCount % 8 == 0 { bytes.append(0) }
            if value >> UInt64(i) & 1 == 1 { bytes[bytes.count - 1] |= 1 << UInt8(bitCount % 8) }
            bitCount += 1
        }
    }
}

private struct BitReader {
    let bytes: [UInt8]
    private var bitIndex = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var exhausted: Bool { bitIndex >= bytes.count * 8 }

    /// Bits past the end read as zero, as in go-bitfield.
    mutating func get(_ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<count {
            let byte = bitIndex / 8 < bytes.count ? bytes[bitIndex / 8] : 0
            if byte >> UInt8(bitIndex % 8) & 1 == 1 { value |= 1 << UInt64(i) }
            bitIndex += 1
        }
        return value
    }
}
