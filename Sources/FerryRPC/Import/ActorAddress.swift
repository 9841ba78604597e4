import LotusMetadata

/// Filecoin ID addresses (`f01000` on mainnet builds, `t01000` on test networks).
public enum ActorAddress {
    /// The actor ID of an ID address, or nil for any other address kind (f1/f2/f3/f4) or garbage.
    public static func actorID(_ address: String) -> UInt64? {
        let chars = Array(address.utf8)
        guard chars.count >= 3, chars[0] == UInt8(ascii: "f") || chars[0] == UInt8(ascii: "t"),
              chars[1] == UInt8(ascii: "0")
        else { return nil }
        return canonicalDecimal(chars.dropFirst(2))
    }

    /// `CanonicalDecimal.parse`: the one spelling Go's `strconv.FormatUint` writes.
    public static func canonicalDecimal<Digits: Collection<UInt8>>(_ digits: Digits) -> UInt64? {
        CanonicalDecimal.parse(digits)
    }

    /// damocles-manager never switches go-address to testnet, so everything it stores and re-encodes
    /// carries the `f` prefix; writing it that way keeps ferry's output equal to damocles' own.
    public static func mainnetForm(_ address: String) -> String {
        guard let first = address.first, first == "t", address.count >= 2,
              let proto = address.dropFirst().first, ("0"..."4").contains(proto)
        else { return address }
        return "f" + address.dropFirst()
    }
}
