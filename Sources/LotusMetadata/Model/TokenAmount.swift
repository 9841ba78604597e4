/// go-state-types `big.Int` as lotus serialises it: CBOR bytes `sign ‖ big-endian magnitude`
/// (empty for zero), JSON decimal string. Arithmetic is not needed, only exact conversion.
public struct TokenAmount: Equatable, Sendable, CustomStringConvertible {
    public let negative: Bool
    /// Big-endian, no leading zero bytes; empty for zero.
    public let magnitude: [UInt8]

    public static let zero = TokenAmount(negative: false, magnitude: [])

    public init(negative: Bool, magnitude: [UInt8]) {
        let trimmed = Array(magnitude.drop { $0 == 0 })
        self.negative = negative && !trimmed.isEmpty
        self.magnitude = trimmed
    }

    public init(decimal: String) throws(CBORError) {
        var digits = Substring(decimal)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw CBORError("\"\(decimal)\" is not a decimal integer")
        }
        var bytes: [UInt8] = []  // little-endian
        for d in digits.utf8 {
            var carry = Int(d - 48)
            for i in bytes.indices {
                carry += Int(bytes[i]) * 10
                bytes[i] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            if carry > 0 { bytes.append(UInt8(carry)) }
        }
        self.init(negative: negative, magnitude: bytes.reversed())
    }

    /// Decodes lotus' CBOR byte form.
    public init(cborBytes: [UInt8]) throws(CBORError) {
        guard let sign = cborBytes.first else { self = .zero; return }
        guard sign <= 1 else { throw CBORError("big.Int: invalid sign byte \(sign)") }
        self.init(negative: sign == 1, magnitude: Array(cborBytes.dropFirst()))
    }

    public var cborBytes: [UInt8] {
        magnitude.isEmpty ? [] : [negative ? 1 : 0] + magnitude
    }

    public var description: String {
        if magnitude.isEmpty { return "0" }
        var number = magnitude
        var digits: [UInt8] = []
        while !number.isEmpty {
            var remainder = 0
            var next: [UInt8] = []
            for b in number {
                let cur = remainder << 8 | Int(b)
                let q = cur / 10
                remainder = cur % 10
                if !(next.isEmpty && q == 0) { next.append(UInt8(q)) }
            }
            digits.append(UInt8(remainder) + 48)
            number = next
        }
        return (negative ? "-" : "") + String(decoding: digits.reversed(), as: UTF8.self)
    }
}
