/// A decoded CBOR data item, as much of RFC 8949 as lotus' cbor-gen types use.
/// Maps keep their wire order because key order is part of what lotus writes.
public indirect enum CBOR: Equatable, Sendable {
    case unsigned(UInt64)
    /// Major type 1: the value is `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBOR])
    case map([(CBOR, CBOR)])
    case tag(UInt64, CBOR)
    case bool(Bool)
    case null
    case undefined

    public static func == (lhs: CBOR, rhs: CBOR) -> Bool {
        switch (lhs, rhs) {
        case let (.unsigned(a), .unsigned(b)), let (.negative(a), .negative(b)): a == b
        case let (.bytes(a), .bytes(b)): a == b
        case let (.text(a), .text(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.map(a), .map(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.tag(t, a), .tag(u, b)): t == u && a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null), (.undefined, .undefined): true
        default: false
        }
    }

    public static func int(_ value: Int64) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-(value + 1)))
    }

    /// A map with text keys in the given order.
    public static func textMap(_ entries: [(String, CBOR)]) -> CBOR {
        .map(entries.map { (.text($0.0), $0.1) })
    }
}

public struct CBORError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
