import LotusMetadata
import Testing

/// `CID(text:)` and `replicaCommitment`, the checks `ferry import` relies on (moved here from
/// FerryRPC's own CID type, with its assertions unchanged).
@Suite(.tags(.fast)) struct CIDTextTests {
    static let commRText = "bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap"
    static let commDText = "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq"

    @Test func cidParsing() throws {
        let commR = try CID(text: Self.commRText)
        #expect(commR.codec == CID.Codec.filCommitmentSealed && commR.hashCode == CID.Hash.poseidonBLS12381A2FC1)
        #expect(try commR.replicaCommitment() == [191,234,49,188,73,232,37,192,109,183,125,159,64,59,195,251,208,119,180,83,48,149,97,232,81,111,215,22,161,187,232,15])
        let commD = try CID(text: Self.commDText)
        #expect(commD.codec == CID.Codec.filCommitmentUnsealed && commD.hashCode == CID.Hash.sha256Trunc254Padded)
        #expect(throws: CIDError.self) { try commD.replicaCommitment() }
        // Messager UIDs in damocles records: raw codec, 64-byte blake2b digest.
        #expect(try CID(text: "bafk4bzaciax36jbpgstk7lslumgmtfkcqujjhe6spqx2tjikjvnhlq3r3pevfkk5f4ixper3lcf7wpie5nzqyc5tlm7smib72kpn6of7wbpuji37").digest.count == 64)
        #expect(try CID(text: "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n").version == 0)
        #expect(throws: CIDError.self) { try CID(text: "") }
        #expect(throws: CIDError.self) { try CID(text: "bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2a") }
        #expect(throws: CIDError.self) { try CID(text: "xyz") }
    }

    @Test func errorsNameTheTextAndTheProblem() {
        #expect(throws: CIDError.empty) { try CID(text: "") }
        #expect(throws: CIDError.unsupportedMultibase("xyz")) { try CID(text: "xyz") }
        #expect(throws: CIDError.badEncoding("b!!!")) { try CID(text: "b!!!") }
        #expect(throws: CIDError.badEncoding("bafy")) { try CID(text: "bafy") }  // 15 bits: a cut text
        #expect(throws: CIDError.badLayout("baa")) { try CID(text: "baa") }  // one zero byte: version 0
        #expect(CIDError.badLayout("baa").description == "CID baa is not a well-formed CID (version, codec, multihash)")
        let error = #expect(throws: CIDError.self) { try CID(text: Self.commDText).replicaCommitment() }
        #expect(error?.description == "CID \(Self.commDText) is not a replica commitment: codec 0xf101 is not fil-commitment-sealed")
    }

    @Test func replicaCommitmentNamesTheTextAsGiven() throws {
        let commD = try CID(text: Self.commDText)
        let error = #expect(throws: CIDError.self) { try commD.replicaCommitment(text: "as-received") }
        #expect(error == .notCommitment("as-received", "codec 0xf101 is not fil-commitment-sealed"))
        #expect(try CID(text: Self.commRText).commRProblem == nil)
        #expect(CID(codec: CID.Codec.filCommitmentSealed, hashCode: CID.Hash.sha256, digest: [1]).commRProblem == "hash 0x12 is not poseidon-bls12_381-a2-fc1")
        #expect(CID(codec: CID.Codec.filCommitmentSealed, hashCode: CID.Hash.poseidonBLS12381A2FC1, digest: [1]).commRProblem == "digest is 1 bytes, want 32")
    }

    /// Where the import checker and the export reader part ways, each keeps what it always did.
    @Test func textFormsOnlyOneParserTakes() throws {
        // go-cid decodes base58btc CIDv1; import forwards it, export-json never contains it.
        let z = "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA"
        #expect(try CID(text: z).version == 1)
        #expect(throws: CBORError.self) { try CID(string: z) }
        // Upper case after `b` is not multibase base32 (damocles would refuse it); export folds it.
        let upper = "b" + Self.commRText.dropFirst().uppercased()
        #expect(throws: CIDError.badEncoding(upper)) { try CID(text: upper) }
        #expect(try CID(string: upper) == CID(text: Self.commRText))
    }
}
