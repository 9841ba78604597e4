import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

@Suite(.tags(.fast)) struct MapperTests {
    let mapper = SectorStateMapper(miner: 1000)

    func lotus(_ json: String) throws -> LotusSectorInfo {
        try JSONDecoder().decode(LotusSectorInfo.self, from: Data(json.utf8))
    }

    func mapped(_ json: String) throws -> DamoclesSectorState {
        try mapper.map(try lotus(json))
    }

    /// rpc-schemas.md §2.7 (f) is what damocles stores for an upgraded lotus sector; the same lotus
    /// record (CC sector 9, UpdateActivating, replica update message set) must give the same bytes.
    @Test func upgradedSectorMatchesDamoclesRecordByteForByte() throws {
        let source = LotusFixtures.variant(of: LotusFixtures.updateActivating15, number: 9)
        #expect(try mapped(source).json.encoded == DamoclesFixtures.importedUpgraded9)
    }

    @Test func ccSectorInProving() throws {
        let expected = DamoclesFixtures.importedUpgraded9
            .replacingOccurrences(of: #""Upgraded":true,"UpgradePublic":{"CommR":[191,234,49,188,73,232,37,192,109,183,125,159,64,59,195,251,208,119,180,83,48,149,97,232,81,111,215,22,161,187,232,15],"SealedCID":{"/":"bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap"},"Activation":3002000,"Expiration":4557200},"UpgradedInfo":{"AccessInstance":"","SealedCID":null,"UnsealedCID":null,"Proof":null},"UpgradeMessageID":"bafy2bzaced5yy43okgxz3mbjokuvcybj5kfrx4exuneomne5ne236veybqv3u","UpgradeLandedEpoch":0"#,
                                  with: #""Upgraded":false,"UpgradePublic":null,"UpgradedInfo":null,"UpgradeMessageID":null,"UpgradeLandedEpoch":null"#)
        #expect(expected != DamoclesFixtures.importedUpgraded9)
        #expect(try mapped(LotusFixtures.cc9).json.encoded == expected)
        #expect(try mapped(LotusFixtures.finalizeSector20).upgraded == false)
    }

    @Test func builtinMarketDealPiece() throws {
        let state = try mapped(LotusFixtures.deal10)
        // The filler piece (DealInfo null) is not recorded; the deal piece keeps offset 0.
        let pieces = try #require(state.pieces)
        #expect(pieces.count == 1)
        let json = JSONValue.array(pieces.map(\.json)).encoded
        #expect(json == #"[{"Piece":{"Size":17179869184,"PieceCID":{"/":"baga6ea4seaqn34ur4ol2ofyjulygccd6ex7mdm5khrkzjhjr4fmpy2wq6vrceaa"}},"DealInfo":{"DealID":98765432,"PublishCid":{"/":"bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia"},"AllocationID":0,"PieceCID":{"/":"baga6ea4seaqn34ur4ol2ofyjulygccd6ex7mdm5khrkzjhjr4fmpy2wq6vrceaa"},"PieceSize":17179869184,"Client":"f01234567","Provider":"f01000","Offset":0,"Length":17179869184,"PayloadSize":0,"StartEpoch":4810000,"EndEpoch":6365200,"IsBuiltinMarket":true,"IsCompatible":true}}]"#)
        #expect(state.pre?.commD.string == "baga6ea4seaqpd2umvduvurmvngzewyfbmovbqc5sf3ypv2qgnmvjpe2v6d3ikma")
        #expect(state.upgraded == false)
    }

    @Test func ddoPiece() throws {
        let state = try mapped(LotusFixtures.ddo11)
        let json = JSONValue.array(try #require(state.pieces).map(\.json)).encoded
        #expect(json == #"[{"Piece":{"Size":34359738368,"PieceCID":{"/":"baga6ea4seaqpgh7vrltbnrcb4mbmlp2nkpjrkpdnnpz7na26r3vzqoaduclkcjy"}},"DealInfo":{"DealID":0,"PublishCid":null,"AllocationID":45678,"PieceCID":{"/":"baga6ea4seaqpgh7vrltbnrcb4mbmlp2nkpjrkpdnnpz7na26r3vzqoaduclkcjy"},"PieceSize":34359738368,"Client":"f02345678","Provider":"f01000","Offset":0,"Length":34359738368,"PayloadSize":0,"StartEpoch":4810000,"EndEpoch":6365200,"IsBuiltinMarket":false,"IsCompatible":false}}]"#)
    }

    /// A snap that completed went back to `Proving`; only ReplicaUpdateMessage shows the upgrade.
    @Test func snapUpgradedBackInProving() throws {
        let state = try mapped(LotusFixtures.snap12)
        #expect(state.upgraded)
        #expect(state.upgradeMessageID == "bafy2bzaced5yy43okgxz3mbjokuvcybj5kfrx4exuneomne5ne236veybqv3u")
        #expect(state.upgradeLandedEpoch == 0)
        #expect(state.upgradedInfo == UpgradedInfo())
        let pub = try #require(state.upgradePublic)
        #expect(pub.sealedCID.string == "bagboea4b5abcbbviznznbbyxqik3kn5imrb2tdmosyhtnlyb54zwxcrc3kfrczi2")
        #expect(pub.activation == 4702100 && pub.expiration == 6257300)
        // Same CC CommR as damocles' record (d) whose UpgradePublic.CommR bytes are documented.
        #expect(pub.commR == [134,168,203,114,208,135,23,130,21,181,55,168,100,67,169,141,142,150,15,54,175,1,239,51,107,138,34,218,139,17,101,26])
        #expect(state.pieces?.first?.dealInfo?.allocationID == 45999)
    }

    @Test func upgradedByStateWithoutMessage() throws {
        let state = try mapped(LotusFixtures.finalizeReplicaUpdate16)
        #expect(state.upgraded && state.upgradeMessageID == nil && state.upgradePublic != nil)
    }

    @Test(arguments: [
        (LotusFixtures.available13, SkipReason.unexpectedState("Available")),
        (LotusFixtures.removed17, .unexpectedState("Removed")),
        (LotusFixtures.noTicket14, .noTicket),
        (LotusFixtures.noProof18, .noProof),
        (LotusFixtures.variant(number: 21, [(#""Seed":{"Value":"y5+fGs+XVzpjgkwEjM8G5MNo9/Q97ESSX8lbyVDMP9Y=","Epoch":3001080}"#, #""Seed":{"Value":null,"Epoch":0}"#)]), .noSeed),
        (LotusFixtures.variant(number: 22, [(#""CommD":{"/":"baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq"}"#, #""CommD":null"#)]), .noCommD),
        (LotusFixtures.variant(number: 23, [(#""CommR":{"/":"bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap"}"#, #""CommR":null"#)]), .noCommR),
    ])
    func skipped(_ json: String, _ reason: SkipReason) throws {
        #expect(throws: MappingError.skipped(reason)) { try mapped(json) }
    }

    @Test func badCommRIsSkippedWithDamoclesReason() throws {
        let error = #expect(throws: MappingError.self) { try mapped(LotusFixtures.badCommR19) }
        guard case .skipped(let reason) = error else { Issue.record("expected a skip, got \(String(describing: error))"); return }
        #expect(reason.description.hasPrefix("convert comm_r cid to commitment: "))
    }

    /// Issue 11 item 4: piece sizes summing past 2^64 trapped in the offset sum. Now the sector is
    /// refused as invalid (a failure, not a damocles skip), naming the field.
    @Test func pieceSizesOverflowingAreAnInvalidRecordNotATrap() throws {
        let error = #expect(throws: MappingError.self) { try mapped(LotusFixtures.pieceSizeOverflow10) }
        guard case .invalid(let value) = error else { Issue.record("expected invalid, got \(String(describing: error))"); return }
        #expect(value.field == "Pieces[1].Piece.Size" && value.value == "17179869184")
        #expect(value.description == "invalid lotus sector record: Pieces[1].Piece.Size = 17179869184: the piece sizes up to this one add up to more than 2^64-1 bytes")
        // The largest sizes that still add up are mapped, offsets included.
        let fits = LotusFixtures.variant(of: LotusFixtures.deal10, number: 10, [
            (LotusFixtures.deal10FirstPiece, LotusFixtures.deal10FirstPiece.replacingOccurrences(of: "17179869184", with: "\(UInt64.max - 17179869184)")),
        ])
        #expect(try mapped(fits).pieces?.first?.piece.size == UInt64.max - 17179869184)
    }

    /// A sector damocles skips stays skipped even when its pieces are garbage too.
    @Test func skipReasonsComeBeforeInvalidPieces() throws {
        let json = LotusFixtures.variant(of: LotusFixtures.pieceSizeOverflow10, number: 10, [(#""State":"Proving""#, #""State":"Removed""#)])
        #expect(throws: MappingError.skipped(.unexpectedState("Removed"))) { try mapped(json) }
    }

    @Test func testnetAddressesAreWrittenAsDamoclesStoresThem() throws {
        let json = LotusFixtures.variant(of: LotusFixtures.deal10, number: 10, [
            (#""Client":"f01234567","Provider":"f01000""#, #""Client":"t01234567","Provider":"t01000""#),
        ])
        let deal = try #require(try mapped(json).pieces?.first?.dealInfo)
        #expect(deal.client == "f01234567" && deal.provider == "f01000")
    }

    @Test func offsetsCountFillerPieces() throws {
        // Filler first, then the deal: the deal starts after the filler's padded size.
        let swapped = LotusFixtures.variant(of: LotusFixtures.deal10, number: 10, [
            (#""Deals":[98765432,0]"#, #""Deals":[0,98765432]"#),
        ])
        var info = try lotus(swapped)
        info.pieces?.reverse()
        let deal = try #require(try mapper.map(info).pieces?.first?.dealInfo)
        #expect(deal.offset == 17179869184)
    }
}
