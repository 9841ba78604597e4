import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

@Suite struct ModelTests {
    static let damoclesRecords = [
        DamoclesFixtures.finalizedCC1000, DamoclesFixtures.builtinDeal1001, DamoclesFixtures.ddo1002,
        DamoclesFixtures.snapped1003, DamoclesFixtures.legacy900, DamoclesFixtures.importedUpgraded9,
    ]

    @Test(arguments: damoclesRecords)
    func damoclesRecordsDecodeAndSurviveReencoding(_ record: String) throws {
        let state = try JSONDecoder().decode(DamoclesSectorState.self, from: Data(record.utf8))
        let again = try JSONDecoder().decode(DamoclesSectorState.self, from: state.json.data)
        #expect(again == state)
        // Records without opaque parts (LatestState, legacy Deals) re-encode to the exact bytes.
        if state.latestState == nil, state.legacyDeals == .null {
            #expect(state.json.encoded == record)
        }
    }

    @Test func goEscaping() {
        #expect(JSONValue.string("<empty>").encoded == #""\u003cempty\u003e""#)
        #expect(JSONValue.string("a&b\n\"\\\u{1}\u{2028}").encoded == #""a\u0026b\n\"\\\u0001\u2028""#)
        #expect(JSONValue.object([("b", .null), ("a", .uint(UInt64.max))]).encoded == #"{"b":null,"a":18446744073709551615}"#)
    }

    @Test func cidParsing() throws {
        let commR = try CID("bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap")
        #expect(commR.codec == CID.filecoinSealedV1 && commR.hashCode == CID.poseidonBLS12381A2FC1)
        #expect(try commR.replicaCommitment() == [191,234,49,188,73,232,37,192,109,183,125,159,64,59,195,251,208,119,180,83,48,149,97,232,81,111,215,22,161,187,232,15])
        let commD = try CID("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq")
        #expect(commD.codec == CID.filecoinUnsealedV1 && commD.hashCode == CID.sha2_256Trunc254Padded)
        #expect(throws: CIDError.self) { try commD.replicaCommitment() }
        // Messager UIDs in damocles records: raw codec, 64-byte blake2b digest.
        #expect(try CID("bafk4bzaciax36jbpgstk7lslumgmtfkcqujjhe6spqx2tjikjvnhlq3r3pevfkk5f4ixper3lcf7wpie5nzqyc5tlm7smib72kpn6of7wbpuji37").digest.count == 64)
        #expect(try CID("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n").version == 0)
        #expect(throws: CIDError.self) { try CID("") }
        #expect(throws: CIDError.self) { try CID("bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2a") }
        #expect(throws: CIDError.self) { try CID("xyz") }
    }

    @Test func lotusDocumentedExampleDecodes() throws {
        for json in LotusFixtures.all.values {
            _ = try JSONDecoder().decode(LotusSectorInfo.self, from: Data(json.utf8))
        }
        let deal = try JSONDecoder().decode(LotusSectorInfo.self, from: Data(LotusFixtures.deal10.utf8))
        #expect(deal.deals == [98765432, 0] && deal.pieces?.count == 2 && deal.pieces?[1].dealInfo == nil)
    }

    @Test func actorAddresses() {
        #expect(ActorAddress.actorID("f01000") == 1000 && ActorAddress.actorID("t01000") == 1000 && ActorAddress.actorID("f00") == 0)
        #expect(ActorAddress.actorID("f3abc") == nil && ActorAddress.actorID("f1abc") == nil && ActorAddress.actorID("f001") == nil && ActorAddress.actorID("1000") == nil)
    }
}
