/// A strict RFC 8259 parser for `JSONTree`: whitespace-separated top-level values (one object per
/// line, pretty-printed objects one after another, or an array), UTF-8 checked byte by byte,
/// nesting bounded so hostile input can neither exhaust the stack nor pass unnoticed.
struct JSONTreeParser {
    /// damocles' SectorState nests about six levels; 64 leaves room for unknown fields.
    static let maxDepth = 64

    // Internal, not private: the string reader lives in JSONTreeParser+String.swift. A buffer
    // pointer, not the array: reading an array property retains it on every byte.
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Every top-level value in `bytes`, in order.
    static func values(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [JSONTree] {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var parser = JSONTreeParser(buffer)
            // A UTF-8 byte order mark (an editor's doing, never damocles') is not content.
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
            var out: [JSONTree] = []
            while true {
                parser.skipWhitespace()
                if parser.position == buffer.count { return out }
                out.append(try parser.value(depth: 0))
            }
        }
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, message: message)
    }

    /// Names the byte at `position` for "unexpected" messages; a NUL is called out because it
    /// usually means a binary or truncated file.
    private func unexpected(_ expected: String) -> JSONSyntaxError {
        guard position < bytes.count else { return fail("unexpected end of input; expected \(expected)") }
        let b = bytes[position]
        if b == 0 { return fail("NUL byte; expected \(expected)") }
        if b >= 0x20 && b < 0x7F { return fail("unexpected '\(Character(Unicode.Scalar(b)))'; expected \(expected)") }
        return fail("unexpected byte 0x\(String(b, radix: 16, uppercase: true)); expected \(expected)")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Consumes `separator` or `close` after a member or element; true at `close`.
    private mutating func separatorOrClose(_ close: UInt8) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ",") || bytes[position] == close else {
            throw unexpected("',' or '\(Character(Unicode.Scalar(close)))'")
        }
        position += 1
        return bytes[position - 1] == close
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONTree {
        skipWhitespace()
        let start = position
        guard position < bytes.count else { throw unexpected("a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return JSONTree(node: try object(depth: depth + 1), offset: start)
        case UInt8(ascii: "["): return JSONTree(node: try array(depth: depth + 1), offset: start)
        case UInt8(ascii: "\""): return JSONTree(node: .string(try string()), offset: start)
        case UInt8(ascii: "t"): try literal("true"); return JSONTree(node: .bool(true), offset: start)
        case UInt8(ascii: "f"): try literal("false"); return JSONTree(node: .bool(false), offset: start)
        case UInt8(ascii: "n"): try literal("null"); return JSONTree(node: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONTree(node: .number(try number()), offset: start)
        default: throw unexpected("a value")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for expected in word.utf8 {
            guard position < bytes.count, bytes[position] == expected else { throw unexpected("'\(word)'") }
            position += 1
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONTree.Node {
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        position += 1  // {
        var members: [(key: String, value: JSONTree)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw unexpected("a member name in quotes") }
            let key = try string()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw unexpected("':'") }
            position += 1
            members.append((key, try value(depth: depth)))
            if try separatorOrClose(UInt8(ascii: "}")) { return .object(members) }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONTree.Node {
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        position += 1  // [
        var items: [JSONTree] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth))
            if try separatorOrClose(UInt8(ascii: "]")) { return .array(items) }
        }
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as text.
    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = position
        func digits(_ parser: inout JSONTreeParser) -> Int {
            let from = parser.position
            while parser.position < parser.bytes.count, (48...57).contains(parser.bytes[parser.position]) { parser.position += 1 }
            return parser.position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let leadingZero = position < bytes.count && bytes[position] == 48
        let intDigits = digits(&self)
        guard intDigits > 0 else { throw unexpected("a digit") }
        if leadingZero && intDigits > 1 { throw fail("number with a leading zero", at: start) }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) > 0 else { throw unexpected("a digit after '.'") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw unexpected("a digit in the exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }
}
