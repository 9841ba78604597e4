/// The two text parsers differ only at the edges, each on purpose: `init(string:)` reads damocles'
/// export-json for `export metadata` (its CBORError text lands in the export report), `init(text:)`
/// checks CIDs that `import` forwards to damocles verbatim, so it must refuse what go-cid refuses.
extension CID {
    /// Parses `bafy…` (multibase base32) or `Qm…` (CIDv0 base58) text.
    public init(string: String) throws(CBORError) {
        let decoded: [UInt8]?
        if string.count == 46, string.hasPrefix("Qm") {
            decoded = Base58.decode(Substring(string))
        } else if string.hasPrefix("b"), string.count > 1 {
            // Upper case after the `b` has always been read here; the bytes, not the text, are exported.
            decoded = Base32.decode(Substring(string.dropFirst().lowercased()))
        } else {
            throw CBORError("CID \"\(string)\": only base32 (b…) CIDv1 and base58 (Qm…) CIDv0 are supported")
        }
        guard let decoded else { throw CBORError("CID \"\(string)\": invalid multibase text") }
        do {
            try self.init(bytes: decoded)
        } catch {
            throw CBORError("CID \"\(string)\": \(error.message)")
        }
    }

    /// go-cid's `Decode` for the forms lotus and damocles write: CIDv1 as multibase base32 (`b…`,
    /// lower case) or base58btc (`z…`), CIDv0 as bare `Qm…`.
    public init(text: String) throws(CIDError) {
        if text.isEmpty { throw .empty }
        let bareV0 = text.count == 46 && text.hasPrefix("Qm")
        let decoded: [UInt8]?
        if bareV0 {
            decoded = Base58.decode(Substring(text))
        } else if text.first == "b" {
            decoded = Base32.decode(text.dropFirst())
        } else if text.first == "z" {
            decoded = Base58.decode(text.dropFirst())
        } else {
            throw .unsupportedMultibase(text)
        }
        guard let decoded else { throw .badEncoding(text) }
        // Only the bare form may be v0: a multibase prefix announces a CIDv1.
        guard let cid = try? CID(bytes: decoded), (cid.version == 0) == bareV0 else { throw .badLayout(text) }
        self = cid
    }
}
