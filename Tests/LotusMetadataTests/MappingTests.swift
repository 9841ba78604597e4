import Foundation
import LotusMetadata
import Testing

func loadFixture(_ name: String) throws -> DamoclesSectorState {
    let states = try SectorStateLoader.load(path: Paths.fixture(name))
    try #require(states.count == 1)
    return states[0]
}

@Suite(.tags(.fast)) struct MappingTests {
    @Test func ccSectorGetsOneFillerPieceAndNoMessagerIDs() throws {
        let state = try loadFixture("cc-1000")
        #expect(SectorMapping.skipReason(state) == nil)
        let m = try SectorMapping(state)
        let i = m.info
        #expect(i.state == "Proving" && i.sectorNumber == 1000 && i.sectorType == 8)
        #expect(i.commD?.description == "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq")
        #expect(i.commR?.description == "bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap")
        #expect(i.pieces == [SectorPiece(piece: PieceInfo(size: 32 << 30, pieceCID: i.commD!), dealInfo: nil)])
        #expect(i.ticketValue == Array(Data(base64Encoded: "bBgL5Q43Q0Z484kKg9AdKFA7eb7egItbB2amKeNr+oo=")!) && i.ticketEpoch == 4_800_000)
        #expect(i.seedEpoch == 4_801_080 && i.seedValue.count == 32)
        #expect(i.proof == Array(Data(base64Encoded: "EU2SxDCjKoM99mD5QnhuRQ5522z7GkIg7/vsWft+ehYId1xAfArQ58+g3EPBmfg7")!))
        // bafk4bzaci… are venus-messager ids: null, never written as chain message CIDs.
        #expect(i.preCommitMessage == nil && i.commitMessage == nil && m.messages.nulled == 2)
        #expect(m.notes.contains { $0.hasPrefix("PreCommitMessage left null: bafk4bzaci") && $0.hasSuffix("(pass --messager-api to resolve it)") })
        #expect(!i.ccUpdate && i.updateSealed == nil && i.ccPieces.isEmpty)
        #expect(i.preCommit1Out.isEmpty && i.creationTime == 0 && i.returnState == "")
    }

    @Test func builtinMarketDealKeepsPublishCid() throws {
        let i = try SectorMapping(loadFixture("builtin-deal-1001")).info
        try #require(i.pieces.count == 1)
        let deal = try #require(i.pieces[0].dealInfo)
        #expect(deal.dealID == 98_765_432)
        #expect(deal.publishCid?.description == "bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia")
        #expect(deal.dealSchedule == DealSchedule(startEpoch: 4_810_000, endEpoch: 6_365_200))
        #expect(deal.pieceActivationManifest == nil && deal.dealProposal == nil)
        #expect(i.pieces[0].piece.size == 17_179_869_184)
    }

    @Test func ddoPieceGetsManifestWithRealClient() throws {
        let i = try SectorMapping(loadFixture("ddo-1002")).info
        let deal = try #require(i.pieces.first?.dealInfo)
        #expect(deal.dealID == 0 && deal.publishCid == nil)
        let manifest = try #require(deal.pieceActivationManifest)
        #expect(manifest.verifiedAllocationKey == VerifiedAllocationKey(client: 2_345_678, id: 45_678))
        #expect(manifest.cid.description == "baga6ea4seaqpgh7vrltbnrcb4mbmlp2nkpjrkpdnnpz7na26r3vzqoaduclkcjy")
        #expect(manifest.size == 34_359_738_368 && manifest.notify.isEmpty)
    }

    @Test func snappedSectorCarriesUpdateFields() throws {
        let m = try SectorMapping(loadFixture("snapped-1003"))
        let i = m.info
        #expect(i.ccUpdate)
        #expect(i.updateSealed?.description == "bagboea4b5abcbu3extwdgjl73az254kmjfy6ggj4u4cm2uwymuj2vbrjlisvofq4")
        #expect(i.updateUnsealed?.description == "baga6ea4seaqgr5qmkcl7cm46w3pxjunypmny6cnhoszvqdmck5ora73xllc5gcq")
        #expect(i.replicaUpdateProof == Array(Data(base64Encoded: "9OyTeiyYLIXfdkTc1dZhKu4Bze7i0vGW5xJOkGfoosNn+djaQ+HuyKAl++Y5uAUV")!))
        #expect(i.commR?.description == "bagboea4b5abcbbviznznbbyxqik3kn5imrb2tdmosyhtnlyb54zwxcrc3kfrczi2")
        #expect(i.ccPieces == [SectorPiece(piece: PieceInfo(size: 32 << 30, pieceCID: i.commD!), dealInfo: nil)])
        // "<cid>-0" is a messager uid; unresolved, a snapped sector gets damocles' placeholder so
        // lotus still sees it as upgraded, while precommit and commit stay null.
        #expect(i.replicaUpdateMessage?.description == "QmSGwDTT9CSKi1yXveLvqZAgyCCx9maA7qVwjy6WsYxQdN")
        #expect(m.messages.nulled == 2 && m.messages.placeholders == 1)
    }

    @Test func lotusImportedSectorsKeepRealMessageCIDs() throws {
        var state = try loadFixture("lotus-imported-upgraded-9")
        // As imported it has no new CommR: that is a failure, not a guess.
        #expect(throws: MappingError.self) { try SectorMapping(state) }
        state.Upgraded = false
        let m = try SectorMapping(state)
        #expect(m.info.preCommitMessage?.description == "bafy2bzaceaezl6mdhxag6jnxc7fxriui6klic6q4xjfzz3jnuwx6vgy35h4qi")
        #expect(m.info.commitMessage?.description == "bafy2bzacebsl2hodcyqp5jtipimnvzp62v7p5vbepbkns5j644lxv24o7d2ak")
        #expect(m.messages == { var t = MessageTally(); t.asIs = 2; return t }())
    }

    @Test func skipReasons() throws {
        #expect(SectorMapping.skipReason(try loadFixture("legacy-900")) == "not finalized")
        var s = try loadFixture("cc-1000")
        s.NeedRebuild = true
        #expect(SectorMapping.skipReason(s) == "needs rebuild")
        s.NeedRebuild = false
        s.Removed = true
        #expect(SectorMapping.skipReason(s) == "removed")
        s.Removed = false
        s.AbortReason = "PC1 failed"
        #expect(SectorMapping.skipReason(s) == "aborted: PC1 failed")
    }

    @Test func legacyDealsAreMappedWithTheirProposal() throws {
        var s = try loadFixture("legacy-900")
        let cc = try loadFixture("cc-1000")
        s.Finalized = true
        s.Ticket = cc.Ticket
        s.Seed = cc.Seed
        s.Pre = cc.Pre
        s.Proof = cc.Proof
        let i = try SectorMapping(s).info
        let deal = try #require(i.pieces.first?.dealInfo)
        #expect(deal.dealID == 5_432_100)
        let proposal = try #require(deal.dealProposal)
        #expect(proposal.client == Address(actorID: 1_234_567) && proposal.provider == Address(actorID: 1000) && proposal.verifiedDeal)
        #expect(proposal.label == .string("mAXCg5AIg8YBXbFjtdBy1iZjpDYAwRSt0elGLF5GvTqulEii1VcM"))
        #expect(deal.dealSchedule == DealSchedule(startEpoch: 4_600_000, endEpoch: 6_155_200))
    }

    @Test func badFieldsFailTheSector() throws {
        let base = try loadFixture("cc-1000")
        var s = base
        s.Pre?.CommR = JSONCID("bafynotacid")
        #expect(throws: MappingError.self) { try SectorMapping(s) }
        s = base
        let commD = s.Pre?.CommD
        s.Pre?.CommR = commD  // a CommD where a CommR belongs
        #expect(throws: MappingError.self) { try SectorMapping(s) }
        s = base
        s.Ticket = nil
        #expect(throws: MappingError.self) { try SectorMapping(s) }
        s = base
        s.Proof = nil
        #expect(throws: MappingError.self) { try SectorMapping(s) }
        s = base
        s.Seed?.Seed = "AAAA"  // 3 bytes, not 32
        #expect(throws: MappingError.self) { try SectorMapping(s) }
        s = base
        s.SectorType = 99
        #expect(throws: MappingError.self) { try SectorMapping(s) }
    }
}

@Suite(.tags(.fast)) struct LoaderTests {
    @Test func readsDirectoriesLinesArraysAndPrettyJSON() throws {
        #expect(try SectorStateLoader.load(path: Paths.fixtures).map(\.ID.number).sorted() == [9, 900, 1000, 1001, 1002, 1003])
        let one = try String(contentsOfFile: Paths.fixture("cc-1000"), encoding: .utf8)
        let two = try String(contentsOfFile: Paths.fixture("ddo-1002"), encoding: .utf8)
        #expect(try SectorStateLoader.parse(Array((one + two).utf8), source: "x").count == 2)
        #expect(try SectorStateLoader.parse(Array("[\(one),\(two)]".utf8), source: "x").count == 2)
        let pretty = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(one.utf8)), options: .prettyPrinted)
        #expect(try SectorStateLoader.parse(Array(pretty), source: "x").first?.ID.number == 1000)
    }

    @Test(arguments: ["{", "{\"SectorType\":8}", "[1,2]", "", "{\"ID\":{\"Miner\":\"x\",\"Number\":1}}"])
    func malformedJSONIsAnError(text: String) {
        #expect(throws: SectorStateLoader.LoadError.self) { try SectorStateLoader.parse(Array(text.utf8), source: "bad.json") }
    }

    @Test func missingPathIsAnError() {
        #expect(throws: SectorStateLoader.LoadError.self) { try SectorStateLoader.load(path: "/nonexistent/ferry.json") }
    }
}
