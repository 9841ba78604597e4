import Foundation

/// Reads sector states written by `damocles-manager util sealer sectors state export-json`:
/// a file holds one JSON object per line (export-json prints one line; several runs are often
/// concatenated), pretty-printed objects one after another, or a JSON array of them; a directory
/// contributes every `*.json` file, sorted by name.
///
/// Errors name the file, the line and column, the sector when its ID could be read, and the field:
/// `states.json:3:121: sector s-t01000-7: Ticket.Epoch: 9223372036854775808 is out of range for a
/// signed 64-bit integer (…)`. (See JSONTree for why Foundation's JSONDecoder is not used.)
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
        let values: [JSONTree]
        do {
            values = try JSONTreeParser.values(bytes)
        } catch {
            throw LoadError(description: "\(location(source, bytes, error.offset)): malformed JSON: \(error.message)")
        }
        var states: [DamoclesSectorState] = []
        for value in values {
            // A top-level array holds states; anything else is one state (and fails as such).
            let elements: [JSONTree] = if case .array(let items) = value.node { items } else { [value] }
            for element in elements {
                do {
                    states.append(try JSONTreeDecoder.decode(DamoclesSectorState.self, from: element))
                } catch {
                    let sector = sectorName(element).map { "sector \($0): " } ?? ""
                    throw LoadError(description: "\(location(source, bytes, error.offset)): \(sector)\(error.description)")
                }
            }
        }
        guard !states.isEmpty else { throw LoadError(description: "\(source): no sector state in file") }
        return states
    }

    static func location(_ source: String, _ bytes: [UInt8], _ offset: Int) -> String {
        let (line, column) = lineAndColumn(bytes, offset)
        return "\(source):\(line):\(column)"
    }

    /// `s-t0<miner>-<number>` when the state's ID reads cleanly, else just the number, else nil:
    /// the ID may itself be the bad field.
    static func sectorName(_ state: JSONTree) -> String? {
        guard let id = state.member("ID"), let numberTree = id.member("Number"),
              let number = try? UInt64(numberTree, []) else { return nil }
        guard let minerTree = id.member("Miner"), let miner = try? UInt64(minerTree, []) else { return "\(number)" }
        return DamoclesSectorID(miner: miner, number: number).display
    }
}
