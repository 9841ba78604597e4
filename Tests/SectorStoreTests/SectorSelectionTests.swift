import SectorStore
import Testing

/// Issue 17 item 13: `--numbers` ranges and `--exclude`, kept as ranges.
@Suite(.tags(.fast)) struct SectorSelectionTests {
    @Test func rangesSinglesAndExclusions() {
        let selection = SectorSelection(including: [1000...1999, 2500...2500, 5...5], excluding: [1500...1600, 5...5])
        for number: UInt64 in [1000, 1499, 1601, 1999, 2500] { #expect(selection.contains(number), "\(number)") }
        for number: UInt64 in [0, 5, 999, 1500, 1550, 1600, 2000, 2499, 2501] { #expect(!selection.contains(number), "\(number)") }
        // Only numbers given one by one must exist; 5 is excluded.
        #expect(selection.namedNumbers == [2500])
    }

    @Test func excludeAloneKeepsEverythingElse() {
        let selection = SectorSelection(including: nil, excluding: [3...4])
        #expect(selection.contains(0) && selection.contains(5) && selection.contains(.max))
        #expect(!selection.contains(3) && !selection.contains(4))
        #expect(SectorSelection.all.contains(.max) && SectorSelection.all.namedNumbers.isEmpty)
    }

    @Test func hugeAndOverlappingRangesAreNotExpanded() {
        let selection = SectorSelection(including: [0...UInt64(Int64.max), 10...20, UInt64(Int64.max)...UInt64.max])
        #expect(selection.including == [0...UInt64.max])
        #expect(selection.contains(UInt64(Int64.max)) && selection.contains(.max))
        #expect(SectorSelection(including: [5...9, 1...3, 4...4, 20...30]).including == [1...9, 20...30])
    }

    @Test func manySingleNumbersLookUpByBinarySearch() {
        let selection = SectorSelection(stride(from: UInt64(0), to: 200_000, by: 2))
        #expect(selection.including?.count == 100_000)
        #expect(selection.contains(199_998) && !selection.contains(199_999) && !selection.contains(200_000))
        let literal: SectorSelection = [1, 3]
        #expect(literal.contains(3) && !literal.contains(2) && literal.namedNumbers == [1, 3])
    }
}
