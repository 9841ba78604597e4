/// A parsed JSON value that remembers where it starts and keeps numbers as their text.
///
/// damocles' export-json is read with this, not Foundation's JSONDecoder: on Linux that decoder
/// answers every problem — a negative sector number, an epoch past Int64, a byte of 256, invalid
/// UTF-8, a NUL, nesting 100,000 deep — with the same "The given data was not valid JSON." and no
/// coding path, so the user cannot tell which file line, sector or field to fix. Keeping the
/// offset and the exact number text lets every error say where and what.
struct JSONTree {
    indirect enum Node {
        case null
        case bool(Bool)
        /// The literal text, checked against JSON's grammar; converted only when a field asks.
        case number(String)
        case string(String)
        case array([JSONTree])
        /// In document order; duplicate keys are kept and the last one wins, as in Go.
        case object([(key: String, value: JSONTree)])
    }

    var node: Node
    /// Byte offset of the value's first byte in the parsed input.
    var offset: Int

    var isNull: Bool {
        if case .null = node { return true }
        return false
    }

    /// The member `key` of an object (the last one when repeated).
    func member(_ key: String) -> JSONTree? {
        guard case .object(let members) = node else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// What the value is, for "expected X, found Y" messages.
    var kind: String {
        switch node {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let text): "the number \(text)"
        case .string(let s): s.count > 40 ? "a string" : "the string \"\(s)\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Input that is not JSON at all, at a byte offset.
struct JSONSyntaxError: Error {
    var offset: Int
    var message: String
}

/// 1-based line and column (in bytes) of an offset, for messages.
func lineAndColumn(_ bytes: [UInt8], _ offset: Int) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    for i in 0..<Swift.min(offset, bytes.count) where bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
    }
    return (line, offset - lineStart + 1)
}
