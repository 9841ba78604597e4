/// Sectors derived from the documented records by changing only the fields under test, so every
/// other byte stays the documented wire form.
extension LotusFixtures {
    public static let commitCID = "bafy2bzaced5yy43okgxz3mbjokuvcybj5kfrx4exuneomne5ne236veybqv3u"

    /// `cc9` renumbered to `number` with the given substring replacements applied.
    public static func variant(of base: String = cc9, number: UInt64, _ replacements: [(String, String)] = []) -> String {
        var text = base
        let original = base.range(of: #""SectorID":"#).map { base[$0.upperBound...].prefix { $0.isNumber } } ?? ""
        text = text.replacingOccurrences(of: #""SectorID":\#(original),"#, with: #""SectorID":\#(number),"#)
        for (from, to) in replacements {
            precondition(text.contains(from), "fixture variant: '\(from)' not found")
            text = text.replacingOccurrences(of: from, with: to)
        }
        return text
    }

    public static let available13 = variant(number: 13, [(#""State":"Proving""#, #""State":"Available""#)])
    public static let noTicket14 = variant(number: 14, [(#""Ticket":{"Value":"180Cguxx8YkHjxjtO1fbl0WautAWou+vK2F8d/ZdKa0=","Epoch":3000000}"#, #""Ticket":{"Value":null,"Epoch":0}"#)])
    /// The lotus side of damocles' example (f): a CC sector mid-snap with its update message known.
    public static let updateActivating15 = variant(number: 15, [
        (#""State":"Proving""#, #""State":"UpdateActivating""#),
        (#""ReplicaUpdateMessage":null"#, #""ReplicaUpdateMessage":{"/":"\#(commitCID)"}"#),
    ])
    public static let finalizeReplicaUpdate16 = variant(number: 16, [(#""State":"Proving""#, #""State":"FinalizeReplicaUpdate""#)])
    public static let removed17 = variant(number: 17, [(#""State":"Proving""#, #""State":"Removed""#)])
    public static let noProof18 = variant(number: 18, [(#""Proof":"F8u9HSADeVotcmrflXbDMbC/2rU1DnZA35Q6QMzw1zc40Mnu9l9BZt5AmpnlAWmN""#, #""Proof":null"#)])
    /// CommR replaced by a CommD (unsealed) CID: right shape, wrong codec.
    public static let badCommR19 = variant(number: 19, [(#""CommR":{"/":"bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap"}"#, #""CommR":{"/":"baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq"}"#)])
    public static let finalizeSector20 = variant(number: 20, [(#""State":"Proving""#, #""State":"FinalizeSector""#)])

    /// deal10's first piece (the deal), as it appears in the record.
    public static let deal10FirstPiece = #"{"Piece":{"Size":17179869184,"PieceCID":{"/":"baga6ea4seaqn34ur4ol2ofyjulygccd6ex7mdm5khrkzjhjr4fmpy2wq6vrceaa"}}"#
    /// deal10 with its first piece 2^64-1 bytes: the second piece's size pushes the sum past 2^64.
    public static let pieceSizeOverflow10 = variant(of: deal10, number: 10, [
        (deal10FirstPiece, deal10FirstPiece.replacingOccurrences(of: "17179869184", with: "\(UInt64.max)")),
    ])

    /// Every documented and derived sector by number.
    public static let all: [UInt64: String] = [
        9: cc9, 10: deal10, 11: ddo11, 12: snap12, 13: available13, 14: noTicket14, 15: updateActivating15,
        16: finalizeReplicaUpdate16, 17: removed17, 18: noProof18, 19: badCommR19, 20: finalizeSector20,
    ]
}
