/// damocles `abi.SectorID`, `{"Miner":…,"Number":…}`: the one part of `core.SectorState` that
/// export's reader and import's writer read alike (both keys required, no history, no unknowns),
/// so both models hold this type.
public struct DamoclesSectorID: Codable, Sendable, Hashable {
    public var miner: UInt64
    public var number: UInt64

    public init(miner: UInt64, number: UInt64) {
        self.miner = miner
        self.number = number
    }

    enum CodingKeys: String, CodingKey { case miner = "Miner", number = "Number" }

    /// `s-t0<miner>-<number>`, damocles' `util.FormatSectorID`.
    public var display: String { "s-t0\(miner)-\(number)" }
}
