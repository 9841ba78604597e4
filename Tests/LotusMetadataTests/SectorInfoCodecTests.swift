import LotusMetadata
import Testing

/// §5.6 of filecoin-migration.md: sector 160, CC, every other field zero (823 bytes).
let goldenSector160Hex = "b827634c6f678065436f6d6d44d82a5828000181e203922020aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa65436f6d6d52d82a5829000182e20381e80220bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb6550726f6f6644cccccccc6553746174656750726f76696e6766506965636573806652657475726e60674c6173744572726068434350696563657380684343557064617465f4695365656445706f636819047e695365656456616c7565582022222222222222222222222222222222222222222222222222222222222222226a536563746f7254797065086b5469636b657445706f63681903e86b5469636b657456616c7565582011111111111111111111111111111111111111111111111111111111111111116c4372656174696f6e54696d65006c536563746f724e756d62657218a06c5465726d696e617465644174006c5570646174655365616c6564f66d436f6d6d69744d657373616765d82a5827000171a0e40220eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee6d496e76616c696450726f6f6673006d507265436f6d6d6974314f7574406e4661756c745265706f72744d7367f66e557064617465556e7365616c6564f66f507265436f6d6d6974314661696c73006f507265436f6d6d6974324661696c73006f507265436f6d6d6974546970536574406f52656d6f7465446174614361636865f670507265436f6d6d69744465706f7369744070507265436f6d6d69744d657373616765d82a5827000171a0e40220dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd7052656d6f7465446174615365616c6564f6705465726d696e6174654d657373616765f67252656d6f746544617461556e7365616c6564f6725265706c69636155706461746550726f6f66407352656d6f74654461746146696e616c697a6564f4745265706c6963615570646174654d657373616765f67552656d6f7465436f6d6d697431456e64706f696e74607552656d6f7465436f6d6d697432456e64706f696e7460781952656d6f74655365616c696e67446f6e65456e64706f696e7460"

func sector160() -> SectorInfo {
    var s = SectorInfo()
    s.state = "Proving"
    s.sectorNumber = 160
    s.sectorType = 8
    s.ticketValue = Array(repeating: 0x11, count: 32)
    s.ticketEpoch = 1000
    s.seedValue = Array(repeating: 0x22, count: 32)
    s.seedEpoch = 1150
    s.commD = CID(codec: 0xF101, hashCode: 0x1012, digest: Array(repeating: 0xAA, count: 32))
    s.commR = CID(codec: 0xF102, hashCode: 0xB401, digest: Array(repeating: 0xBB, count: 32))
    s.proof = [0xCC, 0xCC, 0xCC, 0xCC]
    s.preCommitMessage = CID(codec: 0x71, hashCode: 0xB220, digest: Array(repeating: 0xDD, count: 32))
    s.commitMessage = CID(codec: 0x71, hashCode: 0xB220, digest: Array(repeating: 0xEE, count: 32))
    return s
}

func dealSector() throws -> SectorInfo {
    var s = sector160()
    s.sectorNumber = 1001
    var builtin = PieceDealInfo()
    builtin.dealID = 98_765_432
    builtin.publishCid = try CID(string: "bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia")
    builtin.dealSchedule = DealSchedule(startEpoch: 4_810_000, endEpoch: 6_365_200)
    builtin.dealProposal = DealProposal(
        pieceCID: try CID(string: "baga6ea4seaqn34ur4ol2ofyjulygccd6ex7mdm5khrkzjhjr4fmpy2wq6vrceaa"),
        pieceSize: 17_179_869_184, verifiedDeal: true, client: Address(actorID: 1_234_567), provider: Address(actorID: 1000),
        label: .string("mAXCg5AIg"), startEpoch: 4_810_000, endEpoch: 6_365_200,
        storagePricePerEpoch: .zero, providerCollateral: try TokenAmount(decimal: "51234567890123456789"), clientCollateral: .zero)
    var ddo = PieceDealInfo()
    ddo.dealSchedule = DealSchedule(startEpoch: 4_810_000, endEpoch: 6_365_200)
    ddo.pieceActivationManifest = PieceActivationManifest(
        cid: try CID(string: "baga6ea4seaqpgh7vrltbnrcb4mbmlp2nkpjrkpdnnpz7na26r3vzqoaduclkcjy"), size: 16_777_216,
        verifiedAllocationKey: VerifiedAllocationKey(client: 2_345_678, id: 45_678))
    s.pieces = [
        SectorPiece(piece: PieceInfo(size: 17_179_869_184, pieceCID: builtin.dealProposal!.pieceCID), dealInfo: builtin),
        SectorPiece(piece: PieceInfo(size: 16_777_216, pieceCID: ddo.pieceActivationManifest!.cid), dealInfo: ddo),
        SectorPiece(piece: PieceInfo(size: 8_388_608, pieceCID: try CID(string: "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq")), dealInfo: nil),
    ]
    s.preCommitDeposit = try TokenAmount(decimal: "123456789")
    s.log = [SectorLog(kind: "event;sealing.SectorStartCC", timestamp: 1_700_000_000, trace: "", message: "{}")]
    s.remoteDataSealed = SectorLocation(url: "http://x/s", local: false, headers: [.init(key: "Authorization", value: "Bearer x")])
    return s
}

@Suite(.tags(.fast)) struct SectorInfoCodecTests {
    @Test func goldenCCRecord() throws {
        let bytes = sector160().encoded()
        #expect(bytes.count == 823)
        #expect(bytes.hex == goldenSector160Hex)
        #expect(try SectorInfo(cborBytes: [UInt8](hex: goldenSector160Hex)) == sector160())
    }

    @Test func roundTripWithPiecesAndNesting() throws {
        let s = try dealSector()
        let bytes = s.encoded()
        #expect(Array(bytes.prefix(2)) == [0xB8, 0x27])
        #expect(try SectorInfo(cborBytes: bytes) == s)
    }

    @Test func canonicalKeyOrder() throws {
        guard case .map(let entries) = try dealSector().cbor else { Issue.record("not a map"); return }
        let keys = entries.map { if case .text(let k) = $0.0 { k } else { "" } }
        #expect(keys.count == 39)
        #expect(keys == keys.sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count < $1.utf8.count : $0 < $1 })
    }

    @Test func decodesOlderDeclarationOrderShapesAndSkipsUnknownKeys() throws {
        // A lotus 1.13-style record: 26 fields in declaration order, incl. PreCommitInfo (gone
        // since 1.17.2) and the old DealInfo key order (PublishCid before DealID).
        let commD = LotusMetadataCIDs.commD
        let legacyDeal = CBOR.textMap([
            ("PublishCid", .null), ("DealID", .unsigned(7)), ("DealProposal", .null),
            ("DealSchedule", .textMap([("StartEpoch", .unsigned(10)), ("EndEpoch", .unsigned(20))])), ("KeepUnsealed", .bool(true)),
        ])
        var fields: [(String, CBOR)] = [
            ("State", .text("Proving")), ("SectorNumber", .unsigned(5)), ("SectorType", .unsigned(3)),
            ("CreationTime", .unsigned(0)),
            ("Pieces", .array([.textMap([("Piece", .array([.unsigned(2048), .tag(42, .bytes([0] + commD.bytes))])), ("DealInfo", legacyDeal)])])),
            ("TicketValue", .bytes([1, 2])), ("TicketEpoch", .negative(0)), ("PreCommit1Out", .bytes([])),
            ("CommD", .tag(42, .bytes([0] + commD.bytes))), ("CommR", .null), ("Proof", .bytes([9])),
            ("PreCommitInfo", .null), ("PreCommitDeposit", .bytes([0, 5])), ("PreCommitMessage", .null),
            ("PreCommitTipSet", .bytes([])), ("PreCommit2Fails", .unsigned(1)), ("SeedValue", .bytes([])), ("SeedEpoch", .unsigned(0)),
            ("CommitMessage", .null), ("InvalidProofs", .unsigned(0)), ("FaultReportMsg", .null), ("Return", .text("")),
            ("TerminateMessage", .null), ("TerminatedAt", .unsigned(0)), ("LastErr", .text("boom")), ("Log", .array([])),
        ]
        #expect(fields.count == 26)
        var s = try SectorInfo(cborBytes: CBOREncoder.encode(.textMap(fields)))
        #expect(s.sectorNumber == 5 && s.ticketEpoch == -1 && s.lastErr == "boom" && s.preCommit2Fails == 1)
        #expect(s.preCommitDeposit.description == "5")
        #expect(s.pieces.first?.dealInfo?.dealID == 7 && s.pieces.first?.dealInfo?.keepUnsealed == true)
        #expect(s.pieces.first?.dealInfo?.dealSchedule == DealSchedule(startEpoch: 10, endEpoch: 20))
        #expect(!s.ccUpdate && s.remoteDataCache == nil)
        // 32-field (1.15) additions and a key from the future are read/skipped.
        fields += [("CCUpdate", .bool(true)), ("CCPieces", .null), ("UpdateSealed", .null), ("UpdateUnsealed", .null),
                   ("ReplicaUpdateProof", .bytes([])), ("ReplicaUpdateMessage", .null), ("SomeFutureField", .array([.unsigned(1)]))]
        s = try SectorInfo(cborBytes: CBOREncoder.encode(.textMap(fields)))
        #expect(s.ccUpdate)
    }

    @Test(arguments: [
        "", "a0ff", "b827", "a10000",  // empty, trailing garbage, truncated, non-text key
        "a16553746174650a",  // State as integer
        "a165436f6d6d44d82a4401020304",  // CommD without 0x00 prefix / bad CID
        "a165436f6d6d44d82a450001020304",  // CommD bad CID bytes
        "9f00ff",  // indefinite array
    ])
    func malformedRecordsAreErrors(hex: String) {
        #expect(throws: CBORError.self) { try SectorInfo(cborBytes: [UInt8](hex: hex)) }
    }

    @Test func deepNestingDoesNotCrash() {
        let bytes = [UInt8](repeating: 0x81, count: 10_000) + [0x00]
        #expect(throws: CBORError.self) { try CBORDecoder.decode(bytes) }
    }
}

enum LotusMetadataCIDs {
    static let commD = try! CID(string: "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq")
}
