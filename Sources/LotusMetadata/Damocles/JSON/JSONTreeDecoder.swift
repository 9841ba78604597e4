/// A value that does not fit the model: the field's path ("Pieces[0].DealInfo.StartEpoch"),
/// where the offending value starts, and what is wrong with it.
struct JSONFieldError: Error, CustomStringConvertible {
    var path: String
    var offset: Int
    /// nil for a required field that is absent.
    var message: String?

    init(_ path: [any CodingKey], at offset: Int, _ message: String?) {
        self.path = JSONFieldError.text(path)
        self.offset = offset
        self.message = message
    }

    static func missing(_ path: [any CodingKey], at offset: Int) -> JSONFieldError {
        JSONFieldError(path, at: offset, nil)
    }

    var description: String {
        guard let message else { return "missing field \(path)" }
        return path.isEmpty ? message : "\(path): \(message)"
    }

    static func text(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }
}

/// Decodes any `Decodable` from a `JSONTree` through the synthesized `init(from:)`, with errors
/// that name the field and the value: "ID.Number: -1 is out of range for an unsigned 64-bit
/// integer (0 to 18446744073709551615)".
enum JSONTreeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from tree: JSONTree) throws(JSONFieldError) -> T {
        do {
            return try value(type, tree, [])
        } catch let error as JSONFieldError {
            throw error
        } catch {
            // Only a model's own init(from:) could throw anything else.
            throw JSONFieldError([], at: tree.offset, "\(error)")
        }
    }

    static func value<T: Decodable>(_ type: T.Type, _ tree: JSONTree, _ path: [any CodingKey]) throws -> T {
        if let scalar = type as? any JSONScalar.Type {
            return try scalar.init(tree, path) as! T
        }
        return try T(from: TreeDecoder(tree: tree, codingPath: path))
    }

    static func mismatch(_ tree: JSONTree, _ path: [any CodingKey], expected: String) -> JSONFieldError {
        JSONFieldError(path, at: tree.offset, "expected \(expected), found \(tree.kind)")
    }
}

/// The leaf types the models use, converted from the tree without loss or silent wrapping.
protocol JSONScalar {
    init(_ tree: JSONTree, _ path: [any CodingKey]) throws(JSONFieldError)
}

extension Bool: JSONScalar {
    init(_ tree: JSONTree, _ path: [any CodingKey]) throws(JSONFieldError) {
        guard case .bool(let b) = tree.node else { throw JSONTreeDecoder.mismatch(tree, path, expected: "true or false") }
        self = b
    }
}

extension String: JSONScalar {
    init(_ tree: JSONTree, _ path: [any CodingKey]) throws(JSONFieldError) {
        guard case .string(let s) = tree.node else { throw JSONTreeDecoder.mismatch(tree, path, expected: "a string") }
        self = s
    }
}

extension Double: JSONScalar {
    init(_ tree: JSONTree, _ path: [any CodingKey]) throws(JSONFieldError) {
        guard case .number(let text) = tree.node, let d = Double(text), d.isFinite else {
            throw JSONTreeDecoder.mismatch(tree, path, expected: "a finite number")
        }
        self = d
    }
}

extension Float: JSONScalar {
    init(_ tree: JSONTree, _ path: [any CodingKey]) throws(JSONFieldError) {
        guard case .number(let text) = tree.node, let f = Float(text), f.isFinite else {
            throw JSONTreeDecoder.mismatch(tree, path, expected: "a finite number")
        }
        self = f
    }
}

extension JSONScalar where Self: FixedWidthInteger {
    /// Integers only in integer syntax (Go's decoder refuses `5.0` for an integer field too), and
    /// only within the type's range: `T(text)` is nil on overflow, never wraps.
    init(_ tree: JSONTree, _ path: [any CodingKey]) throws(JSONFieldError) {
        let range = "\(Self.isSigned ? "a signed" : "an unsigned") \(Self.bitWidth)-bit integer (\(Self.min) to \(Self.max))"
        guard case .number(let text) = tree.node else { throw JSONTreeDecoder.mismatch(tree, path, expected: range) }
        guard !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            throw JSONFieldError(path, at: tree.offset, "\(text) is not an integer; expected \(range)")
        }
        guard let value = Self(text, radix: 10) else {
            throw JSONFieldError(path, at: tree.offset, "\(text) is out of range for \(range)")
        }
        self = value
    }
}

extension Int: JSONScalar {}
extension Int8: JSONScalar {}
extension Int16: JSONScalar {}
extension Int32: JSONScalar {}
extension Int64: JSONScalar {}
extension UInt: JSONScalar {}
extension UInt8: JSONScalar {}
extension UInt16: JSONScalar {}
extension UInt32: JSONScalar {}
extension UInt64: JSONScalar {}
