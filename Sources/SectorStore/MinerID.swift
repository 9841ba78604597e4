/// A miner actor id. Written `t01000`, `f01000` or `1000`; sector file names always use `t0`.
public struct MinerID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let id: UInt64

    public init(_ id: UInt64) { self.id = id }

    public init?(parsing text: String) {
        var digits = Substring(text)
        if let first = digits.first, first == "t" || first == "f" {
            digits = digits.dropFirst()
            guard digits.first == "0" else { return nil }
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let id = UInt64(digits) else { return nil }
        self.id = id
    }

    public var description: String { "t0\(id)" }
    public static func < (a: MinerID, b: MinerID) -> Bool { a.id < b.id }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
