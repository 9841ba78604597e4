/// A Filecoin address in its binary form (protocol byte + payload). Only ID addresses (`f0…`)
/// are parsed from text: they are what `/miner-address`, deal providers and allocation clients
/// use; other protocols need a checksum (blake2b) that ferry does not implement.
public struct Address: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(actorID: UInt64) { bytes = [0] + Uvarint.encode(actorID) }

    /// "f01000", "t01000" or a bare "1000".
    public init(idString text: String) throws(CBORError) {
        var digits = Substring(text)
        if digits.hasPrefix("f0") || digits.hasPrefix("t0") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let id = UInt64(digits) else {
            throw CBORError("\"\(text)\" is not an ID address (f0…/t0… or a number)")
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
