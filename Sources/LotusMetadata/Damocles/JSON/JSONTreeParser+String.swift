extension JSONTreeParser {
    /// A quoted string. Raw bytes are checked as UTF-8 here (one bad byte would otherwise become
    /// U+FFFD or reject the whole file without saying where); `\u` escapes must pair surrogates.
    mutating func string() throws(JSONSyntaxError) -> String {
        position += 1  // opening quote
        // Most strings (keys, CIDs, base64) are plain ASCII: take them in one slice.
        let start = position
        while position < bytes.count, bytes[position] >= 0x20, bytes[position] < 0x80,
              bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
            position += 1
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
            position += 1
            return String(decoding: bytes[start..<position - 1], as: UTF8.self)
        }
        var out = Array(bytes[start..<position])
        while true {
            guard position < bytes.count else { throw fail("unterminated string") }
            let b = bytes[position]
            switch b {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case 0:
                throw fail("NUL byte in a string (write it as \\u0000)")
            case 0x01..<0x20:
                throw fail("control character 0x\(String(b, radix: 16, uppercase: true)) in a string must be escaped")
            case 0x20..<0x80:
                out.append(b)
                position += 1
            default:
                let length = try utf8Sequence()
                out += bytes[position..<position + length]
                position += length
            }
        }
    }

    /// The length of the valid UTF-8 sequence at `position` (RFC 3629: no overlong forms, no
    /// surrogates, nothing past U+10FFFF).
    private func utf8Sequence() throws(JSONSyntaxError) -> Int {
        let lead = bytes[position]
        let (length, secondRange): (Int, ClosedRange<UInt8>) = switch lead {
        case 0xC2...0xDF: (2, 0x80...0xBF)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
        case 0xED: (3, 0x80...0x9F)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF1...0xF3: (4, 0x80...0xBF)
        case 0xF4: (4, 0x80...0x8F)
        default: (0, 0x80...0xBF)
        }
        guard length > 0, position + length <= bytes.count, secondRange.contains(bytes[position + 1]),
              bytes[position + 2..<position + length].allSatisfy({ (0x80...0xBF).contains($0) }) else {
            throw fail("invalid UTF-8 (byte 0x\(String(lead, radix: 16, uppercase: true)))")
        }
        return length
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONSyntaxError) {
        let start = position
        position += 1  // backslash
        guard position < bytes.count else { throw fail("unterminated string") }
        let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
        if let byte = simple[bytes[position]] {
            out.append(byte)
            position += 1
            return
        }
        guard bytes[position] == UInt8(ascii: "u") else { throw fail("invalid escape", at: start) }
        position += 1
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw fail("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: start)
            }
            position += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: start) }
            scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw fail("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: start)
        }
        out += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("unterminated \\u escape") }
        var value: UInt32 = 0
        for b in bytes[position..<position + 4] {
            guard let digit = Character(Unicode.Scalar(b)).hexDigitValue else { throw fail("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }
}
