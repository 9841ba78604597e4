/// A go-bitfield as lotus' JSON API writes it: run lengths that alternate unset/set, the first run
/// unset (`[5,1]` = {5}, `[0,3,5,2]` = {0,1,2,8,9}, `[0]` or `[]` or `null` = empty).
///
/// Kept as sorted, disjoint half-open ranges so a partition of 2349 sectors, or a run covering
/// millions, stays a few ranges. Decoding follows go-bitfield's `RLE.UnmarshalJSON` (a zero run only
/// in first position) and adds what Go leaves to a later encode: run lengths must not sum past
/// 2^64−1, so every range bound fits in a UInt64 and nothing here can overflow.
public struct RLEBitfield: Sendable, Equatable, Decodable, CustomStringConvertible {
    /// Half-open ranges of set bits, sorted, non-empty, separated by at least one unset bit.
    public let ranges: [Range<UInt64>]

    public init() { ranges = [] }

    public init(runs: [UInt64]) throws(BitfieldRunsError) {
        var ranges: [Range<UInt64>] = []
        var cursor: UInt64 = 0
        var setRun = false
        for (index, run) in runs.enumerated() {
            defer { setRun.toggle() }
            if run == 0 {
                // go-bitfield: "Cannot have a zero-length run except at start".
                guard index == 0 else { throw .zeroRun(index: index) }
                continue
            }
            let (end, overflow) = cursor.addingReportingOverflow(run)
            guard !overflow else { throw .overflow(index: index) }
            if setRun { ranges.append(cursor..<end) }
            cursor = end
        }
        self.ranges = ranges
    }

    /// `null` is a nil Go slice, which go-bitfield decodes as the empty set.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self.init()
            return
        }
        let runs = try container.decode([UInt64].self)
        do {
            try self.init(runs: runs)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// Cannot overflow: the ranges lie below 2^64−1 and do not overlap.
    public var count: UInt64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }

    public func contains(_ number: UInt64) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = low + (high - low) / 2
            if ranges[mid].upperBound <= number { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(number)
    }

    /// The members of `sortedNumbers` (ascending) that are set, in one merge walk: locating a
    /// hundred thousand sectors in a deadline costs one pass, not a search per sector.
    public func members(of sortedNumbers: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        var r = 0
        for number in sortedNumbers {
            while r < ranges.count, ranges[r].upperBound <= number { r += 1 }
            if r == ranges.count { break }
            if ranges[r].contains(number) { out.append(number) }
        }
        return out
    }

    /// The JSON form go-bitfield's MarshalJSON writes (`[0]` when empty).
    public var runs: [UInt64] {
        var out: [UInt64] = []
        var cursor: UInt64 = 0
        for range in ranges {
            out.append(range.lowerBound - cursor)
            out.append(range.upperBound - range.lowerBound)
            cursor = range.upperBound
        }
        return out.isEmpty ? [0] : out
    }

    /// "5, 7-9"
    public var description: String {
        ranges.isEmpty ? "(none)"
            // Not `Range.count`: it is an Int and traps on a range longer than 2^63.
            : ranges.map { $0.upperBound - $0.lowerBound == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound - 1)" }
                .joined(separator: ", ")
    }
}

public enum BitfieldRunsError: Error, Equatable, CustomStringConvertible {
    case zeroRun(index: Int)
    case overflow(index: Int)

    public var description: String {
        switch self {
        case .zeroRun(let i): "bitfield run \(i) is 0 (only the first run may be empty)"
        case .overflow(let i): "bitfield runs up to \(i) add up to more than 2^64-1 bits"
        }
    }
}
