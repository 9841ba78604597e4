import Foundation

/// Reads sector states written by `damocles-manager util sealer sectors state export-json`:
/// a file holds one JSON object per line (export-json prints one line; several runs are often
/// concatenated), or a JSON array; a directory contributes every `*.json` file, sorted by name.
public enum SectorStateLoader {
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func load(path: String) throws(LoadError) -> [DamoclesSectorState] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError(description: "\(path): no such file or directory")
        }
        guard isDirectory.boolValue else { return try loadFile(path) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw LoadError(description: "\(path): cannot list directory: \(error.localizedDescription)")
        }
        guard !names.isEmpty else { throw LoadError(description: "\(path): no *.json files") }
        var states: [DamoclesSectorState] = []
        for name in names { states += try loadFile(path + "/" + name) }
        return states
    }

    static func loadFile(_ path: String) throws(LoadError) -> [DamoclesSectorState] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): cannot read file")
        }
        return try parse(Array(data), source: path)
    }

    public static func parse(_ bytes: [UInt8], source: String) throws(LoadError) -> [DamoclesSectorState] {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let trimmed = data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.first == UInt8(ascii: "[") {
            do {
                return try decoder.decode([DamoclesSectorState].self, from: Data(trimmed))
            } catch {
                throw LoadError(description: "\(source): \(describe(error))")
            }
        }
        // One object, possibly pretty-printed over many lines.
        let wholeError: any Error
        do {
            return [try decoder.decode(DamoclesSectorState.self, from: data)]
        } catch {
            wholeError = error
        }
        let lines = data.split(separator: 0x0A).filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } }
        guard lines.count > 1 else { throw LoadError(description: "\(source): \(describe(wholeError))") }
        var states: [DamoclesSectorState] = []
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                states.append(try decoder.decode(DamoclesSectorState.self, from: Data(line)))
            } catch {
                throw LoadError(description: "\(source):\(index + 1): \(describe(error))")
            }
        }
        guard !states.isEmpty else { throw LoadError(description: "\(source): no sector state in file") }
        return states
    }

    /// DecodingError's default text is a wall of context; users need the path and the problem.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let c): return "malformed JSON: \(c.debugDescription)"
        case .keyNotFound(let key, let c): return "missing field \(path(c).isEmpty ? "" : path(c) + ".")\(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "wrong type at \(path(c)): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
