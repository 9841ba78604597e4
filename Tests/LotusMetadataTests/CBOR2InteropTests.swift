import Foundation
import LotusMetadata
import Testing

/// Python's cbor2 (an independent decoder) reads what ferry writes: every item, type and key
/// order, and re-encoding canonically gives back the exact bytes.
@Suite(.tags(.fast)) struct CBOR2InteropTests {
    static let script = """
        import sys, json, cbor2
        def norm(x):
            if isinstance(x, cbor2.CBORTag): return ["tag", x.tag, norm(x.value)]
            if isinstance(x, bool): return ["bool", x]
            if x is None: return ["null"]
            if isinstance(x, int): return ["int", str(x)]
            if isinstance(x, bytes): return ["bytes", x.hex()]
            if isinstance(x, str): return ["text", x]
            if isinstance(x, list): return ["array", [norm(i) for i in x]]
            if isinstance(x, dict): return ["map", [[norm(k), norm(v)] for k, v in x.items()]]
            raise SystemExit("unexpected type %r" % type(x))
        out = []
        for line in sys.stdin.read().split():
            raw = bytes.fromhex(line)
            obj = cbor2.loads(raw)
            out.append({"norm": norm(obj), "canonical": cbor2.dumps(obj, canonical=True) == raw,
                        "keys": list(obj.keys()), "state": obj["State"], "number": obj["SectorNumber"]})
        print(json.dumps(out, separators=(",", ":")))
        """

    static func norm(_ item: CBOR) -> Any {
        switch item {
        case .unsigned(let n): ["int", String(n)]
        case .negative(let n): ["int", n == UInt64.max ? "-18446744073709551616" : String(-1 - Int128(n))]
        case .bytes(let b): ["bytes", b.hex]
        case .text(let s): ["text", s]
        case .array(let a): ["array", a.map(norm)]
        case .map(let m): ["map", m.map { [norm($0.0), norm($0.1)] }]
        case .tag(let t, let v): ["tag", t, norm(v)]
        case .bool(let b): ["bool", b]
        case .null, .undefined: ["null"]
        }
    }

    @Test(.enabled(if: Host.hasPythonCBOR2, "needs python3 with cbor2 (`pip install cbor2`)"))
    func cbor2DecodesEveryFieldInOrder() throws {
        let python = try #require(Host.which("python3"))

        let records: [SectorInfo] = [sector160(), try dealSector()]
            + (try ["cc-1000", "builtin-deal-1001", "ddo-1002", "snapped-1003"].map { try SectorMapping(loadFixture($0)).info })
        let input = FileHandle(forReadingAtPath: try writeTemp(records.map { $0.encoded().hex }.joined(separator: "\n")))
        let result = try runProcess(python, ["-c", Self.script], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(decoded.count == records.count)
        for (record, py) in zip(records, decoded) {
            let mine = try JSONSerialization.data(withJSONObject: Self.norm(record.cbor), options: .sortedKeys)
            let theirs = try JSONSerialization.data(withJSONObject: py["norm"] as Any, options: .sortedKeys)
            #expect(mine == theirs, "sector \(record.sectorNumber): cbor2 sees different items")
            #expect(py["canonical"] as? Bool == true, "sector \(record.sectorNumber): not canonical CBOR")
            let keys = py["keys"] as? [String] ?? []
            #expect(keys.count == 39)
            #expect(keys.first == "Log" && keys.last == "RemoteSealingDoneEndpoint")
            #expect(py["state"] as? String == "Proving")
            #expect(py["number"] as? Int == Int(record.sectorNumber))
        }
    }

    private func writeTemp(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "ferry-cbor2-" + UUID().uuidString
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
