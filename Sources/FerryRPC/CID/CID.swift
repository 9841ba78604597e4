/// A content identifier in its string form, validated structurally.
///
/// ferry never hashes content; it only has to pass CIDs from lotus to damocles unchanged and, for
/// snap-upgraded sectors, take the 32-byte digest of CommR. So this parses the multibase/varint
/// layout (CIDv1 base32 `b…`, CIDv0 `Qm…`) without a multihash registry.
public struct CID: Sendable, Hashable, CustomStringConvertible {
    public let string: String
    public let version: UInt64
    public let codec: UInt64
    public let hashCode: UInt64
    public let digest: [UInt8]

    public var description: String { string }

    /// Filecoin codecs and hash functions (multicodec table).
    public static let filecoinSealedV1: UInt64 = 0xf102
    public static let filecoinUnsealedV1: UInt64 = 0xf101
    public static let poseidonBLS12381A2FC1: UInt64 = 0xb401
    public static let sha2_256Trunc254Padded: UInt64 = 0x1012

    public init(_ text: String) throws(CIDError) {
        if text.isEmpty { throw .empty }
        var bytes: [UInt8]
        if text.count == 46, text.hasPrefix("Qm") {
            guard let decoded = Base58.decode(text) else { throw .badEncoding(text) }
            // CIDv0 is a bare sha2-256 multihash of a dag-pb node.
            bytes = [0x01, 0x70] + decoded
            guard decoded.count == 34, decoded[0] == 0x12, decoded[1] == 0x20 else { throw .badLayout(text) }
            version = 0
        } else if text.first == "b" {
            guard let decoded = Base32.decodeLower(text.dropFirst()) else { throw .badEncoding(text) }
            bytes = decoded
            version = 1
        } else if text.first == "z" {
            guard let decoded = Base58.decode(String(text.dropFirst())) else { throw .badEncoding(text) }
            bytes = decoded
            version = 1
        } else {
            throw .unsupportedMultibase(text)
        }
        var reader = VarintReader(bytes: bytes)
        guard let v = reader.next(), v == 1,
              let codec = reader.next(),
              let hashCode = reader.next(),
              let length = reader.next(),
              reader.remaining == Int(length)
        else { throw .badLayout(text) }
        self.string = text
        self.codec = codec
        self.hashCode = hashCode
        self.digest = Array(bytes.suffix(Int(length)))
    }

    /// The 32-byte replica commitment inside a sealed-sector CID (what damocles calls
    /// `CID2ReplicaCommitment`); the layout check is what makes a CommR "valid".
    public func replicaCommitment() throws(CIDError) -> [UInt8] {
        guard codec == CID.filecoinSealedV1 else { throw .notCommitment(string, "codec 0x\(String(codec, radix: 16)) is not fil-commitment-sealed") }
        guard hashCode == CID.poseidonBLS12381A2FC1 else { throw .notCommitment(string, "hash 0x\(String(hashCode, radix: 16)) is not poseidon-bls12_381-a2-fc1") }
        guard digest.count == 32 else { throw .notCommitment(string, "digest is \(digest.count) bytes, want 32") }
        return digest
    }
}

public enum CIDError: Error, Equatable, CustomStringConvertible {
    case empty
    case unsupportedMultibase(String)
    case badEncoding(String)
    case badLayout(String)
    case notCommitment(String, String)

    public var description: String {
        switch self {
        case .empty: "empty CID"
        case .unsupportedMultibase(let s): "CID \(s) uses an unsupported multibase prefix"
        case .badEncoding(let s): "CID \(s) is not valid base32/base58"
        case .badLayout(let s): "CID \(s) is not a well-formed CID (version, codec, multihash)"
        case .notCommitment(let s, let why): "CID \(s) is not a replica commitment: \(why)"
        }
    }
}

struct VarintReader {
    let bytes: [UInt8]
    var index = 0
    var remaining: Int { bytes.count - index }

    mutating func next() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let b = bytes[index]
            index += 1
            value |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}

enum Base32 {
    /// RFC 4648 base32, lowercase, no padding (multibase `b`).
    static func decodeLower(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = c - UInt8(ascii: "a")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): v = c - UInt8(ascii: "2") + 26
            default: return nil
            }
            buffer = (buffer << 5) | UInt32(v)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xff))
            }
        }
        // Leftover bits must be zero padding, otherwise the text was cut or altered.
        if bits >= 5 || buffer & ((1 << UInt32(bits)) - 1) != 0 { return nil }
        return out
    }
}

enum Base58 {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    static func decode(_ text: String) -> [UInt8]? {
        var result: [UInt8] = []
        for c in text.utf8 {
            guard let digit = alphabet.firstIndex(of: c) else { return nil }
            var carry = digit
            for i in result.indices.reversed() {
                carry += Int(result[i]) * 58
                result[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                result.insert(UInt8(carry & 0xff), at: 0)
                carry >>= 8
            }
        }
        let zeros = text.utf8.prefix { $0 == UInt8(ascii: "1") }.count
        return [UInt8](repeating: 0, count: zeros) + result
    }
}
