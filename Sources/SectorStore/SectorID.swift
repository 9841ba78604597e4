/// A sector as lotus and damocles name its files: `s-t0<miner>-<number>`.
public struct SectorID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let miner: MinerID
    public let number: UInt64

    public init(miner: MinerID, number: UInt64) {
        self.miner = miner
        self.number = number
    }

    /// Parses a store entry name. Anything else is a foreign entry (lotus refuses to open a
    /// path holding one in its sector directories).
    public init?(fileName: String) {
        guard fileName.hasPrefix("s-t0") else { return nil }
        let rest = fileName.dropFirst(4)
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigit), let miner = UInt64(parts[0]),
              !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit), let number = UInt64(parts[1])
        else { return nil }
        // Canonical spelling only: lotus formats with %d, so "007" never names a sector.
        guard String(miner) == parts[0], String(number) == parts[1] else { return nil }
        self.init(miner: MinerID(miner), number: number)
    }

    public var fileName: String { "s-t0\(miner.id)-\(number)" }
    public var description: String { fileName }

    public static func < (a: SectorID, b: SectorID) -> Bool { (a.miner.id, a.number) < (b.miner.id, b.number) }
}
