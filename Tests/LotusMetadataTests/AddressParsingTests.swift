import Foundation
@testable import LotusMetadata
import Testing

/// `Address(idString:)` reads one spelling per number, as lotus prints it: Swift's `UInt64("+1000")`
/// and `UInt64("01000")` made `f0+1000`, `t001000` and `01000` name miner 1000.
@Suite(.tags(.fast)) struct AddressParsingTests {
    @Test(arguments: ["f01000", "t01000", "1000"])
    func canonicalFormsAreRead(_ text: String) throws {
        #expect(try Address(idString: text) == Address(actorID: 1000))
    }

    @Test func zeroAndTheLargestIDAreRead() throws {
        #expect(try Address(idString: "f00") == Address(actorID: 0))
        #expect(try Address(idString: "0") == Address(actorID: 0))
        #expect(try Address(idString: "t018446744073709551615").actorID == UInt64.max)
    }

    @Test(arguments: ["+1000", "f0+1000", "t0+1000", "t001000", "f000", "01000", "-1000", "f0-1", " 1000", "1000 ",
                      "f0", "t0", "", "f01 000", "f0١٠٠٠", "f018446744073709551616", "f11000", "F01000", "f0 1000"])
    func otherSpellingsAreRefused(_ text: String) {
        #expect(throws: CBORError.self) { try Address(idString: text) }
    }

    @Test func jsonAddressFieldsAreNeverBare() throws {
        #expect(try Address(idString: "f02345678", allowBare: false).actorID == 2_345_678)
        #expect(throws: CBORError.self) { try Address(idString: "2345678", allowBare: false) }
    }

    @Test func canonicalDecimalMatchesFmtSprint() {
        #expect(CanonicalDecimal.parse("0") == 0)
        #expect(CanonicalDecimal.parse("18446744073709551615") == .max)
        for bad in ["", "00", "007", "+7", "-7", "7a", "18446744073709551616", "٧"] {
            #expect(CanonicalDecimal.parse(bad) == nil, "\(bad)")
        }
    }

    /// A DDO client or a legacy proposal party spelled with a sign or a leading zero fails its sector,
    /// naming the field, instead of exporting a different-looking but equal address.
    @Test(arguments: [("ddo-1002", #""Client":"f02345678""#, #""Client":"f0+2345678""#, "Pieces[0].DealInfo.Client f0+2345678"),
                      ("ddo-1002", #""Client":"f02345678""#, #""Client":"2345678""#, "Pieces[0].DealInfo.Client 2345678")])
    func dealAddressesMustBeCanonical(_ fixture: String, _ from: String, _ to: String, _ message: String) throws {
        let text = try String(contentsOfFile: Paths.fixture(fixture), encoding: .utf8)
        #expect(text.contains(from))
        let state = try #require(try SectorStateLoader.parse(Array(text.replacingOccurrences(of: from, with: to).utf8), source: fixture).first)
        do {
            _ = try SectorMapping(state)
            Issue.record("\(to) was accepted")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
    }

    /// legacy-900 is not finalized (so never mapped whole); its deal proposal is mapped on its own.
    @Test(arguments: [(#""Client":"f01234567""#, #""Client":"t001234567""#, "Deals[0].Proposal.Client t001234567"),
                      (#""Provider":"f01000""#, #""Provider":"f0+1000""#, "Deals[0].Proposal.Provider f0+1000")])
    func legacyProposalAddressesMustBeCanonical(_ from: String, _ to: String, _ message: String) throws {
        let text = try String(contentsOfFile: Paths.fixture("legacy-900"), encoding: .utf8)
        #expect(text.contains(from))
        let state = try #require(try SectorStateLoader.parse(Array(text.replacingOccurrences(of: from, with: to).utf8), source: "legacy").first)
        let deal = try #require(state.Deals?.first)
        var notes: [String] = []
        do {
            _ = try SectorMapping.legacyPiece(deal, "Deals[0]", &notes)
            Issue.record("\(to) was accepted")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
        let original = try #require(try SectorStateLoader.parse(Array(text.utf8), source: "legacy").first?.Deals?.first)
        #expect(try SectorMapping.legacyPiece(original, "Deals[0]", &notes).dealInfo?.dealProposal?.client == Address(actorID: 1_234_567))
    }
}
