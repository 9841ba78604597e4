/// Bitcoin-alphabet base58 (CIDv0 `Qm…` strings).
enum Base58 {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    static func encode(_ data: [UInt8]) -> String {
        let zeros = data.prefix { $0 == 0 }.count
        var digits: [UInt8] = []  // base58 digits, little-endian
        for byte in data[zeros...] {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let text = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []  // little-endian
        var zeros = 0
        var leading = true
        for c in text.utf8 {
            guard let digit = alphabet.firstIndex(of: c) else { return nil }
            if leading && digit == 0 { zeros += 1; continue }
            leading = false
            var carry = digit
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}
