/// A set of sector numbers kept as sorted, disjoint, non-touching ranges — the shape of
/// go-bitfield's run-length form, so unions of huge ranges (`0…N`) stay small.
///
/// The numbers are below `UInt64.max`, as in go-bitfield: RLE+ run lengths are 64-bit, so no
/// bitfield can reach 2^64−1 (`RLEPlus.decode` refuses one that would). Lengths are computed as
/// `upperBound - lowerBound`, never `Range.count`, which is an `Int` and traps past 2^63 — a
/// `/storage/nextid` of 2^63−1 alone makes the range `0..<2^63`.
public struct Bitfield: Equatable, Sendable, CustomStringConvertible {
    /// Half-open ranges of set bits, sorted, never empty, never adjacent.
    public private(set) var ranges: [Range<UInt64>] = []

    public init() {}

    public init<S: Sequence<UInt64>>(_ numbers: S) {
        for n in numbers.sorted() { insert(n) }
    }

    public init(ranges: [Range<UInt64>]) {
        for r in ranges { insert(r) }
    }

    /// Ranges already sorted, non-empty and separated by gaps (what RLE+ runs produce): taken as
    /// they are, so decoding tens of thousands of runs is linear, not quadratic.
    init(separatedRanges: [Range<UInt64>]) {
        ranges = separatedRanges
    }

    public var isEmpty: Bool { ranges.isEmpty }
    /// Cannot overflow: disjoint ranges below `UInt64.max` hold fewer than 2^64 numbers.
    public var count: UInt64 { ranges.reduce(0) { $0 + Self.length($1) } }
    public var max: UInt64? { ranges.last.map { $0.upperBound - 1 } }

    public func contains(_ n: UInt64) -> Bool {
        ranges.contains { $0.contains(n) }
    }

    public mutating func insert(_ n: UInt64) {
        precondition(n < UInt64.max, "Bitfield holds numbers below 2^64-1; check input numbers against SectorNumberLimit first")
        insert(n..<(n + 1))
    }

    public mutating func insert(_ range: Range<UInt64>) {
        guard !range.isEmpty else { return }
        var lower = range.lowerBound
        var upper = range.upperBound
        var kept: [Range<UInt64>] = []
        var inserted = false
        for r in ranges {
            if r.upperBound < lower {
                kept.append(r)
            } else if r.lowerBound > upper {
                if !inserted { kept.append(lower..<upper); inserted = true }
                kept.append(r)
            } else {  // overlapping or touching: merge
                lower = Swift.min(lower, r.lowerBound)
                upper = Swift.max(upper, r.upperBound)
            }
        }
        if !inserted { kept.append(lower..<upper) }
        ranges = kept
    }

    public func union(_ other: Bitfield) -> Bitfield {
        var out = self
        for r in other.ranges { out.insert(r) }
        return out
    }

    /// The lowest number not in the set (lotus' "Next free" when this is reserved ∪ allocated).
    public var firstClear: UInt64 {
        guard let first = ranges.first, first.lowerBound == 0 else { return 0 }
        return first.upperBound
    }

    /// JSON form used by the lotus/damocles APIs: run lengths starting with a zero-run.
    public var jsonRuns: [UInt64] {
        var out: [UInt64] = []
        var cursor: UInt64 = 0
        for r in ranges {
            out.append(r.lowerBound - cursor)
            out.append(Self.length(r))
            cursor = r.upperBound
        }
        return out.isEmpty ? [0] : out
    }

    /// "0-5, 7, 9-10"
    public var description: String {
        ranges.isEmpty ? "(none)" : ranges.map { Self.length($0) == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound - 1)" }
            .joined(separator: ", ")
    }

    static func length(_ r: Range<UInt64>) -> UInt64 { r.upperBound - r.lowerBound }
}
