import Foundation

/// Cuts JSON text into raw byte slices without re-encoding, so a reply can be handed on exactly as
/// the server sent it (key order, escapes, number spelling) — Foundation's parser would lose all three.
/// It only finds value boundaries; whoever receives a slice still validates it.
enum RawJSON {
    /// Members of a top-level object as (key, raw value bytes); nil unless `data` is one object.
    static func members(_ data: Data) -> [(String, Data)]? {
        let bytes = [UInt8](data)
        var i = skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i = skipSpace(bytes, i + 1)
        var result: [(String, Data)] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return result }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = scanValue(bytes, i),
                  let key = try? JSONDecoder().decode(String.self, from: Data(bytes[i..<keyEnd]))
            else { return nil }
            i = skipSpace(bytes, keyEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i = skipSpace(bytes, i + 1)
            guard let valueEnd = scanValue(bytes, i) else { return nil }
            result.append((key, Data(bytes[i..<valueEnd])))
            i = skipSpace(bytes, valueEnd)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return result }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(bytes, i + 1)
        }
        return nil
    }

    /// Elements of a top-level array as raw bytes; nil unless `data` is one array.
    static func elements(_ data: Data) -> [Data]? {
        let bytes = [UInt8](data)
        var i = skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
        i = skipSpace(bytes, i + 1)
        var result: [Data] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return result }
        while i < bytes.count {
            guard let end = scanValue(bytes, i) else { return nil }
            result.append(Data(bytes[i..<end]))
            i = skipSpace(bytes, end)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "]") { return result }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(bytes, i + 1)
        }
        return nil
    }

    private static func skipSpace(_ b: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x0a || b[i] == 0x0d || b[i] == 0x09 { i += 1 }
        return i
    }

    /// End index (exclusive) of the value starting at `start`, or nil when it is cut short.
    private static func scanValue(_ b: [UInt8], _ start: Int) -> Int? {
        guard start < b.count else { return nil }
        switch b[start] {
        case UInt8(ascii: "\""):
            var i = start + 1
            while i < b.count {
                if b[i] == UInt8(ascii: "\\") { i += 2; continue }
                if b[i] == UInt8(ascii: "\"") { return i + 1 }
                i += 1
            }
            return nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "\""):
                    guard let end = scanValue(b, i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < b.count, !",]} \n\r\t".utf8.contains(b[i]) { i += 1 }
            return i > start ? i : nil
        }
    }
}
