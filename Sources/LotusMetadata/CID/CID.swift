/// A content identifier, held as its binary form (what lotus' CBOR tag 42 carries after the
/// leading 0x00). Parsing validates the structure so a malformed CID never reaches the datastore.
public struct CID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let version: UInt64
    public let codec: UInt64
    public let hashCode: UInt64
    public let digest: [UInt8]

    public enum Codec {
        public static let raw: UInt64 = 0x55
        public static let dagCBOR: UInt64 = 0x71
        public static let dagPB: UInt64 = 0x70
        public static let filCommitmentUnsealed: UInt64 = 0xF101
        public static let filCommitmentSealed: UInt64 = 0xF102
    }

    public enum Hash {
        public static let sha256: UInt64 = 0x12
        public static let sha256Trunc254Padded: UInt64 = 0x1012
        public static let poseidonBLS12381A2FC1: UInt64 = 0xB401
        public static let blake2b256: UInt64 = 0xB220
    }

    /// Parses binary CID bytes (v0: a bare sha256 multihash; v1: version, codec, multihash).
    public init(bytes: [UInt8]) throws(CBORError) {
        if bytes.count == 34, bytes[0] == 0x12, bytes[1] == 0x20 {
            self.bytes = bytes
            version = 0
            codec = Codec.dagPB
            hashCode = Hash.sha256
            digest = Array(bytes[2...])
            return
        }
        var offset = 0
        func next(_ what: String) throws(CBORError) -> UInt64 {
            guard let (v, n) = Uvarint.decode(bytes, at: offset) else { throw CBORError("CID: bad varint in \(what)") }
            offset += n
            return v
        }
        version = try next("version")
        guard version == 1 else { throw CBORError("CID: unsupported version \(version)") }
        codec = try next("codec")
        hashCode = try next("multihash code")
        let length = try next("multihash length")
        guard length == UInt64(bytes.count - offset) else {
            throw CBORError("CID: digest length \(length) does not match the \(bytes.count - offset) remaining bytes")
        }
        digest = Array(bytes[offset...])
        self.bytes = bytes
    }

    /// CIDv1 from parts (used for tests and for building commitments from raw digests).
    public init(codec: UInt64, hashCode: UInt64, digest: [UInt8]) {
        // Force-try is safe: the bytes are built from the same parts the parser checks.
        try! self.init(bytes: [1] + Uvarint.encode(codec) + Uvarint.encode(hashCode) + Uvarint.encode(UInt64(digest.count)) + digest)
    }

    /// go-cid's `String()`: base58 for v0, multibase base32 lower for v1.
    public var description: String {
        version == 0 ? Base58.encode(bytes) : "b" + Base32.encode(bytes)
    }

    /// §5.5: CommD is fil-commitment-unsealed + sha2-256-trunc254-padded, 32 bytes.
    public var isCommD: Bool { version == 1 && codec == Codec.filCommitmentUnsealed && hashCode == Hash.sha256Trunc254Padded && digest.count == 32 }
    /// §5.5: CommR is fil-commitment-sealed + poseidon-bls12_381-a2-fc1, 32 bytes.
    public var isCommR: Bool { version == 1 && codec == Codec.filCommitmentSealed && hashCode == Hash.poseidonBLS12381A2FC1 && digest.count == 32 }
    /// §5.5: a chain message CID is dag-cbor + blake2b-256, 32 bytes (lotus' SectorReceive checks this).
    public var isChainMessage: Bool { version == 1 && codec == Codec.dagCBOR && hashCode == Hash.blake2b256 && digest.count == 32 }
}
