import Foundation
import LotusMetadata
import Testing

/// Issue 11 item 13: every value `--from-json` cannot use used to give "malformed JSON: The given
/// data was not valid JSON."; now the message names the file, line and column, the sector when
/// its ID reads, and the field.
@Suite(.tags(.fast)) struct LoaderMessageTests {
    static let cc = (try? String(contentsOfFile: Paths.fixture("cc-1000"), encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""

    /// The fixture with each `(from, to)` replaced; `from` must occur in it.
    static func edited(_ from: String, _ to: String, _ more: (String, String)...) -> String {
        var text = cc
        for (a, b) in [(from, to)] + more {
            precondition(text.contains(a), "fixture lacks \(a)")
            text = text.replacingOccurrences(of: a, with: b)
        }
        return text
    }

    static func message(_ bytes: [UInt8]) -> String {
        do {
            let states = try SectorStateLoader.parse(bytes, source: "states.json")
            return "accepted \(states.count) state(s)"
        } catch {
            return error.description
        }
    }

    static func message(_ text: String) -> String { message(Array(text.utf8)) }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "negative number", text: edited(#""Number":1000}"#, #""Number":-1}"#),
             expected: ["states.json:1:", "ID.Number: -1 is out of range for an unsigned 64-bit integer (0 to 18446744073709551615)"]),
        Case(name: "UInt64 overflow", text: edited(#""Number":1000}"#, #""Number":18446744073709551616}"#),
             expected: ["states.json:1:", "ID.Number: 18446744073709551616 is out of range"]),
        Case(name: "Int64 overflow", text: edited(#""Epoch":4800000},"Seed""#, #""Epoch":9223372036854775808},"Seed""#),
             expected: ["states.json:1:", "sector s-t01000-1000: Ticket.Epoch: 9223372036854775808 is out of range for a signed 64-bit integer"]),
        Case(name: "byte > 255", text: edited(#""UpgradePublic":null"#, #""UpgradePublic":{"CommR":[1,256]}"#),
             expected: ["sector s-t01000-1000: UpgradePublic.CommR[1]: 256 is out of range for an unsigned 8-bit integer (0 to 255)"]),
        Case(name: "fraction", text: edited(#""SectorType":8"#, #""SectorType":8.5"#),
             expected: ["sector s-t01000-1000: SectorType: 8.5 is not an integer"]),
        Case(name: "wrong type", text: edited(#""Finalized":true"#, #""Finalized":"yes""#),
             expected: ["sector s-t01000-1000: Finalized: expected true or false, found the string \"yes\""]),
        Case(name: "missing ID", text: #"{"SectorType":8}"#, expected: ["states.json:1:1: missing field ID"]),
        Case(name: "missing number", text: #"{"ID":{"Miner":1000}}"#, expected: ["states.json:1:7: missing field ID.Number"]),
        Case(name: "NUL", text: edited(#""AbortReason":"""#, "\"AbortReason\":\"a\u{0}\""),
             expected: ["states.json:1:", "malformed JSON: NUL byte in a string"]),
        Case(name: "lone surrogate", text: edited(#""AbortReason":"""#, #""AbortReason":"\ud800""#),
             expected: ["malformed JSON: unpaired surrogate \\uD800"]),
        Case(name: "deep nesting", text: edited(#""Failure":null"#, #""Failure":"# + String(repeating: "[", count: 100_000)),
             expected: ["malformed JSON: nested deeper than 64 levels"]),
        Case(name: "second line", text: cc + "\n" + edited(#""Seed":{"Seed""#, #""Seed":{"Seed":1,"x""#),
             expected: ["states.json:2:", "sector s-t01000-1000: Seed.Seed: expected a string, found the number 1"]),
        Case(name: "array element", text: "[\n" + cc + ",\n" + edited(#""Number":1000}"#, #""Number":1001}"#, (#""Removed":false"#, #""Removed":7"#)) + "\n]",
             expected: ["states.json:3:", "sector s-t01000-1001: Removed: expected true or false, found the number 7"]),
        Case(name: "truncated", text: String(cc.dropLast(1)), expected: ["states.json:1:", "malformed JSON: unexpected end of input; expected ',' or '}'"]),
        Case(name: "numbers only", text: "[1,2]", expected: ["states.json:1:2: expected an object, found the number 1"]),
    ]

    @Test(arguments: cases)
    func namesFileLineSectorAndField(_ c: Case) {
        let message = Self.message(c.text)
        for part in c.expected {
            #expect(message.contains(part), "\(message)")
        }
        #expect(!message.contains("The given data was not valid JSON"))
    }

    @Test func invalidUTF8IsLocated() {
        var bytes = Array(Self.edited(#""AbortReason":"""#, #""AbortReason":"a~""#).utf8)
        let at = bytes.lastIndex(of: UInt8(ascii: "~"))!
        bytes[at] = 0xFF
        let (prefix, message) = (String(decoding: bytes[..<at], as: UTF8.self), Self.message(bytes))
        #expect(message == "states.json:1:\(prefix.utf8.count + 1): malformed JSON: invalid UTF-8 (byte 0xFF)")
    }

    /// The hand-written reader must read everything JSONDecoder read, identically.
    @Test func fixturesReadAsJSONDecoderReadsThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for name in ["cc-1000", "builtin-deal-1001", "ddo-1002", "legacy-900", "lotus-imported-upgraded-9", "snapped-1003"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture(name)))
            let reference = try JSONDecoder().decode(DamoclesSectorState.self, from: data)
            let ours = try SectorStateLoader.parse(Array(data), source: name)
            #expect(ours.count == 1)
            #expect(try encoder.encode(ours[0]) == encoder.encode(reference), "\(name)")
        }
    }

    @Test func stringsEscapesDuplicatesAndLayout() throws {
        let text = #"{"ID":{"Miner":1,"Number":2},"AbortReason":"a\"b\\c\/d\u00e9\ud83d\ude00\u0000\n","ID":{"Miner":1000,"Number":7},"#
            + #""Unknown":[1.5e300,-0,{"deep":[true,false,null]}],"UpgradePublic":{"CommR":[0,255]}}"#
        let states = try SectorStateLoader.parse(Array(text.utf8), source: "x")
        #expect(states.count == 1)
        #expect(states[0].AbortReason == "a\"b\\c/dé😀\u{0}\n")
        #expect(states[0].ID == DamoclesSectorID(miner: 1000, number: 7))  // the last duplicate wins, as in Go
        #expect(states[0].UpgradePublic?.CommR == [0, 255])
        // Pretty-printed objects one after another, and an array, in one file.
        let pretty = "{\n  \"ID\": {\n    \"Miner\": 1000,\n    \"Number\": 1\n  }\n}\n\t{\"ID\":{\"Miner\":1000,\"Number\":2}}"
            + " [{\"ID\":{\"Miner\":1000,\"Number\":3}}]"
        #expect(try SectorStateLoader.parse(Array(pretty.utf8), source: "x").map(\.ID.number) == [1, 2, 3])
        #expect(try SectorStateLoader.parse([0xEF, 0xBB, 0xBF] + Array(Self.cc.utf8), source: "x").count == 1)
        #expect(Self.message("  \n") == "states.json: no sector state in file")
        #expect(Self.message("[]") == "states.json: no sector state in file")
    }
}
