/// Why CID text or a commitment was refused by `CID(text:)` / `replicaCommitment`; `ferry import`
/// prints these in its report, so the wording is part of its interface.
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
