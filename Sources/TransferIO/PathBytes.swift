/// Linux file names are bytes, not text. ferry keeps paths in `String`s, so a name that is not
/// valid UTF-8 is carried losslessly: each byte that is not part of valid UTF-8 becomes one
/// scalar of a private-use block (U+10FF00 + byte), and turns back into that byte at every
/// syscall. A valid name that itself contains such a scalar has that scalar's bytes escaped the
/// same way, so decode and encode are exact inverses for every byte string.
public enum PathBytes {
    static let base: UInt32 = 0x10_FF00

    /// The `String` for a name or path read from the kernel (readdir, argv, a manifest).
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self), !text.unicodeScalars.contains(where: isEscape) {
            return text
        }
        let array = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < array.count {
            if let (scalar, length) = scalar(in: array, at: index) {
                if isEscape(scalar) {
                    array[index..<index + length].forEach { scalars.append(escape($0)) }
                } else {
                    scalars.append(scalar)
                }
                index += length
            } else {
                scalars.append(escape(array[index]))
                index += 1
            }
        }
        return String(scalars)
    }

    /// The valid UTF-8 scalar starting at `index`, with its length; nil for a byte that starts none.
    private static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let length: Int
        switch bytes[index] {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard index + length <= bytes.count,
              let text = String(validating: bytes[index..<index + length], as: UTF8.self),
              text.unicodeScalars.count == 1 else { return nil }
        return (text.unicodeScalars.first!, length)
    }

    /// The bytes the kernel should see for `path`.
    public static func encode(_ path: String) -> [UInt8] {
        guard path.utf8.contains(0xF4) else { return Array(path.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            if isEscape(scalar) {
                out.append(UInt8(scalar.value - base))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// Calls `body` with a NUL-terminated C string of `path`'s bytes.
    public static func withCString<R, E: Error>(_ path: String, _ body: (UnsafePointer<CChar>) throws(E) -> R) throws(E) -> R {
        guard path.utf8.contains(0xF4) else {
            // Valid UTF-8 with no escape in it: the String's own bytes are the name.
            return try path.withCString { pointer in Result { () throws(E) -> R in try body(pointer) } }.get()
        }
        var bytes = encode(path).map { CChar(bitPattern: $0) }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in Result { () throws(E) -> R in try body(buffer.baseAddress!) } }.get()
    }

    /// How a name is shown to a person: escapes as `\xNN`, the rest as it is.
    public static func display(_ path: String) -> String {
        guard path.utf8.contains(0xF4) else { return path }
        var out = ""
        for scalar in path.unicodeScalars {
            if isEscape(scalar) {
                let hex = String(scalar.value - base, radix: 16, uppercase: true)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isEscape(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= base && scalar.value <= base + 0xFF }

    static func escape(_ byte: UInt8) -> Unicode.Scalar { Unicode.Scalar(base + UInt32(byte))! }
}
