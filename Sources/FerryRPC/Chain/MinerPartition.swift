/// One element of `Filecoin.StateMinerPartitions` (lotus `api.Partition`). A key the node leaves out
/// reads as the empty set, as Go's decoder leaves a missing field at its zero value.
public struct MinerPartition: Sendable, Equatable, Decodable {
    /// Every sector assigned to the partition, including faulty and terminated ones: the sector's
    /// files may be read for this deadline whatever their state, so the schedule goes by this set.
    public var allSectors: RLEBitfield
    public var faultySectors: RLEBitfield
    public var recoveringSectors: RLEBitfield
    public var liveSectors: RLEBitfield
    public var activeSectors: RLEBitfield

    enum CodingKeys: String, CodingKey {
        case allSectors = "AllSectors", faultySectors = "FaultySectors", recoveringSectors = "RecoveringSectors"
        case liveSectors = "LiveSectors", activeSectors = "ActiveSectors"
    }

    public init(allSectors: RLEBitfield, faultySectors: RLEBitfield = RLEBitfield(), recoveringSectors: RLEBitfield = RLEBitfield(),
                liveSectors: RLEBitfield = RLEBitfield(), activeSectors: RLEBitfield = RLEBitfield()) {
        self.allSectors = allSectors
        self.faultySectors = faultySectors
        self.recoveringSectors = recoveringSectors
        self.liveSectors = liveSectors
        self.activeSectors = activeSectors
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func field(_ key: CodingKeys) throws -> RLEBitfield { try c.decodeIfPresent(RLEBitfield.self, forKey: key) ?? RLEBitfield() }
        self.init(allSectors: try field(.allSectors), faultySectors: try field(.faultySectors),
                  recoveringSectors: try field(.recoveringSectors), liveSectors: try field(.liveSectors),
                  activeSectors: try field(.activeSectors))
    }
}

/// `Filecoin.StateSectorPartition` (go-state-types `miner.SectorLocation`).
public struct SectorLocation: Sendable, Equatable, Decodable {
    public var deadline: UInt64
    public var partition: UInt64

    enum CodingKeys: String, CodingKey {
        case deadline = "Deadline", partition = "Partition"
    }

    public init(deadline: UInt64, partition: UInt64) {
        self.deadline = deadline
        self.partition = partition
    }
}
