/// The sector numbers lotus can hold: go-state-types `abi.MaxSectorNumber` is `math.MaxInt64`
/// (2^63−1); lotus' number assigner and the miner actor refuse anything larger. Every number that
/// comes from outside (damocles states, `--next-number`, `/storage/nextid`, `/sectors/<n>` keys)
/// is checked against it before it reaches a bitfield or a `+ 1`, so hostile or corrupt input is
/// an error that names the value, never an arithmetic trap.
public enum SectorNumberLimit {
    public static let max = UInt64(Int64.max)

    /// Why `number` cannot be a lotus sector number, or nil when it can.
    public static func problem(_ number: UInt64, _ what: String) -> String? {
        guard number > max else { return nil }
        return "\(what) \(number) is beyond lotus' largest sector number \(max) (abi.MaxSectorNumber)"
    }
}
