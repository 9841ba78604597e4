/// The sector numbers a command takes: `--numbers` (single numbers and ranges such as
/// `1000-1999`; none given = every number) less `--exclude`. Ranges stay ranges, normalized to
/// sorted, disjoint intervals: `--numbers 0-9223372036854775807` is not a set of 2^63 numbers, and
/// a list of 100,000 numbers is looked up by binary search, not scanned per sector.
public struct SectorSelection: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// nil: every number.
    public let including: [ClosedRange<UInt64>]?
    public let excluding: [ClosedRange<UInt64>]
    /// Numbers given one by one (`5`, not part of `1-9`), less the excluded ones.
    public let namedNumbers: Set<UInt64>

    public init(including: [ClosedRange<UInt64>]?, excluding: [ClosedRange<UInt64>] = []) {
        self.including = including.map(Self.normalized)
        self.excluding = Self.normalized(excluding)
        let excluded = self.excluding
        namedNumbers = Set((including ?? []).filter { $0.lowerBound == $0.upperBound }.map(\.lowerBound)
            .filter { !Self.find($0, in: excluded) })
    }

    public init<Numbers: Sequence<UInt64>>(_ numbers: Numbers) {
        self.init(including: numbers.map { $0...$0 })
    }

    public init(arrayLiteral numbers: UInt64...) { self.init(numbers) }

    public static let all = SectorSelection(including: nil)

    public func contains(_ number: UInt64) -> Bool {
        if Self.find(number, in: excluding) { return false }
        guard let including else { return true }
        return Self.find(number, in: including)
    }

    /// Sorted by lower bound, overlapping and adjacent ranges merged.
    static func normalized(_ ranges: [ClosedRange<UInt64>]) -> [ClosedRange<UInt64>] {
        var merged: [ClosedRange<UInt64>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, last.upperBound == .max || range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// Binary search over normalized ranges.
    static func find(_ number: UInt64, in ranges: [ClosedRange<UInt64>]) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < number { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].contains(number)
    }
}
