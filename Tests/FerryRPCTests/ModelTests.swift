import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

@Suite(.tags(.fast)) struct ModelTests {
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

    /// Issue 11 item 10: `t0+1000` was read as 1000 (Swift's UInt64 parser takes a sign).
    @Test(arguments: ["t0+1000", "f0+1000", "t0-0", "f0-1", "t00001000", "f01000 ", " f01000", "f0١٠٠٠", "f0", "f01e3", "f018446744073709551616"])
    func malformedIDAddressesAreRefused(_ address: String) {
        #expect(ActorAddress.actorID(address) == nil)
    }

    @Test func canonicalIDAddressesAreRead() {
        #expect(ActorAddress.actorID("t00") == 0 && ActorAddress.actorID("f018446744073709551615") == UInt64.max)
        #expect(ActorAddress.actorID("t01000") == 1000 && ActorAddress.actorID("f09") == 9)
    }
}
