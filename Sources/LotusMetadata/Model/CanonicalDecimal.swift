/// A decimal written the one way Go's `strconv.FormatUint` / `fmt.Sprint` writes it: ASCII digits
/// only, no sign, no leading zero except `0` itself, at most 2^64-1.
///
/// Swift's `UInt64(String)` also reads `+1000` and `01000`, so `t0+1000`, `/sectors/007` or a
/// `--miner 01000` would each have named a number under a spelling lotus never writes. One number,
/// one spelling: anything else is refused where it is read.
public enum CanonicalDecimal {
    public static func parse<Digits: Collection<UInt8>>(_ digits: Digits) -> UInt64? {
        guard let first = digits.first,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              first != UInt8(ascii: "0") || digits.count == 1
        else { return nil }
        return UInt64(String(decoding: digits, as: UTF8.self))
    }

    public static func parse(_ text: some StringProtocol) -> UInt64? { parse(Array(text.utf8)) }
}
