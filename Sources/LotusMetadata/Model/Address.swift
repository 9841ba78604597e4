/// A Filecoin address in its binary form (protocol byte + payload). Only ID addresses (`f0…`)
/// are parsed from text: they are what `/miner-address`, deal providers and allocation clients
/// use; other protocols need a checksum (blake2b) that ferry does not implement.
public struct Address: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(actorID: UInt64) { bytes = [0] + Uvarint.encode(actorID) }

    /// "f01000" or "t01000", and a bare "1000" when `allowBare` (the `--miner` forms damocles
    /// accepts); JSON address fields are never bare, as go-address refuses that too. The number is
    /// canonical (`CanonicalDecimal`): `f0+1000`, `t001000` and `01000` are errors, not 1000.
    public init(idString text: String, allowBare: Bool = true) throws(CBORError) {
        let utf8 = Array(text.utf8)
        let prefixed = utf8.count > 2 && (utf8[0] == UInt8(ascii: "f") || utf8[0] == UInt8(ascii: "t")) && utf8[1] == UInt8(ascii: "0")
        guard prefixed || allowBare, let id = CanonicalDecimal.parse(prefixed ? utf8.dropFirst(2) : utf8[...]) else {
            let forms = allowBare ? "f0…/t0… or a number" : "f0…/t0…"
            throw CBORError("\"\(text)\" is not an ID address (\(forms), decimal without sign or leading zeros)")
        }
        self.init(actorID: id)
    }

    /// The actor id when this is an ID address.
    public var actorID: UInt64? {
        guard bytes.first == 0, let id = Uvarint.decodeExact(Array(bytes.dropFirst())) else { return nil }
        return id
    }

    public var description: String {
        if let id = actorID { return "f0\(id)" }
        return "address(" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined() + ")"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
