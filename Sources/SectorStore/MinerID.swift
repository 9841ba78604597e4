/// A miner actor id. Written `t01000`, `f01000` or `1000`; sector file names always use `t0`.
public struct MinerID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let id: UInt64

    public init(_ id: UInt64) { self.id = id }

    /// Lotus' spelling only: `t0`/`f0` or nothing, then a decimal without sign or leading zeros
    /// (`0` alone is fine). `t001000` and `01000` used to be read as 1000: lotus refuses them, and
    /// guessing at a malformed miner on a command that moves that miner's sectors hides typos.
    public init?(parsing text: String) {
        var digits = Substring(text)
        if let first = digits.first, first == "t" || first == "f" {
            digits = digits.dropFirst()
            guard digits.first == "0" else { return nil }
            digits = digits.dropFirst()
        }
        guard let first = digits.first, digits.allSatisfy(\.isASCIIDigit),
              first != "0" || digits.count == 1, let id = UInt64(digits)
        else { return nil }
        self.id = id
    }

    public var description: String { "t0\(id)" }
    public static func < (a: MinerID, b: MinerID) -> Bool { a.id < b.id }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
