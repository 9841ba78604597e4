/// The subset of bincode 1 (`bincode::serialize` defaults: little-endian, fixed-width integers)
/// that t_aux uses.
public struct BincodeReader {
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case truncated(field: String, offset: Int)
        case badOptionTag(field: String, tag: UInt8, offset: Int)
        case implausible(field: String, value: UInt64, offset: Int)
        case notUTF8(field: String, offset: Int)

        public var description: String {
            switch self {
            case let .truncated(field, offset): "ends at byte \(offset) inside \(field)"
            case let .badOptionTag(field, tag, offset): "byte \(offset) (\(field)) is option tag \(tag), 0 or 1 expected"
            case let .implausible(field, value, offset): "\(field) at byte \(offset) is \(value), more than the file holds"
            case let .notUTF8(field, offset): "\(field) at byte \(offset) is not UTF-8"
            }
        }
    }

    private let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func u64(_ field: String) throws(Problem) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw .truncated(field: field, offset: bytes.count) }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return value
    }

    public mutating func string(_ field: String) throws(Problem) -> String {
        let start = offset
        let length = try u64(field + " length")
        guard length <= UInt64(bytes.count - offset) else { throw .implausible(field: field + " length", value: length, offset: start) }
        let slice = bytes[offset..<(offset + Int(length))]
        offset += Int(length)
        guard let text = String(validating: slice, as: UTF8.self) else { throw .notUTF8(field: field, offset: start + 8) }
        return text
    }

    public mutating func optionalU64(_ field: String) throws(Problem) -> UInt64? {
        guard offset < bytes.count else { throw .truncated(field: field, offset: offset) }
        let tag = bytes[offset]
        offset += 1
        switch tag {
        case 0: return nil
        case 1: return try u64(field)
        default: throw .badOptionTag(field: field, tag: tag, offset: offset - 1)
        }
    }

    mutating func storeConfig(_ field: String) throws(Problem) -> TemporaryAux.StoreConfig {
        TemporaryAux.StoreConfig(
            path: try string(field + ".path"),
            id: try string(field + ".id"),
            size: try optionalU64(field + ".size"),
            rowsToDiscard: try u64(field + ".rows_to_discard")
        )
    }
}

enum BincodeWriter {
    static func u64(_ value: UInt64, into out: inout [UInt8]) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    static func storeConfig(_ config: TemporaryAux.StoreConfig, into out: inout [UInt8]) {
        for text in [config.path, config.id] {
            u64(UInt64(text.utf8.count), into: &out)
            out += Array(text.utf8)
        }
        if let size = config.size {
            out.append(1)
            u64(size, into: &out)
        } else {
            out.append(0)
        }
        u64(config.rowsToDiscard, into: &out)
    }
}
