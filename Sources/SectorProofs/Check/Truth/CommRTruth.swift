public import LotusMetadata
public import SectorStore

/// Sealed CIDs from a source of truth (damocles states or lotus' datastore), per sector and
/// replica, so `ferry check` can say the files on disk are the sector the chain knows.
public struct CommRTruth: Sendable {
    public struct Entry: Sendable {
        /// The sealed replica's CommR (for a snapped sector: its sector key's).
        public var sealed: ExpectedCommR?
        /// A snapped sector's update replica CommR.
        public var update: ExpectedCommR?
    }

    /// Where the values come from, for messages ("the damocles states", "lotus repo R").
    public var name: String
    public var entries: [SectorID: Entry] = [:]
    /// The one miner the source speaks for (a lotus repo's), which then scopes the check.
    public var miner: MinerID?
    /// Values that could not be read as sealed CIDs, one line each (the sector still gets checked).
    public var problems: [SectorID: [String]] = [:]

    public init(name: String) { self.name = name }

    public func expected(_ id: SectorID, _ kind: ReplicaKind) -> ExpectedCommR? {
        kind == .sealed ? entries[id]?.sealed : entries[id]?.update
    }

    /// damocles: `Pre.CommR` for the sealed replica; `UpgradedInfo.SealedCID` (the new CommR) for
    /// the update replica of a snapped sector (`UpgradePublic.SealedCID` is the old one).
    public static func damocles(_ states: [DamoclesSectorState], name: String) -> CommRTruth {
        var truth = CommRTruth(name: name)
        // A removed sector's files are meant to be gone: it is not one to check.
        for state in states where state.Removed != true {
            let id = SectorID(miner: MinerID(state.ID.miner), number: state.ID.number)
            var entry = truth.entries[id] ?? Entry()
            entry.sealed = truth.parse(state.Pre?.CommR?.text, id, "damocles state Pre.CommR") ?? entry.sealed
            if state.Upgraded == true {
                entry.update = truth.parse(state.UpgradedInfo?.SealedCID?.text, id, "damocles state UpgradedInfo.SealedCID") ?? entry.update
            }
            truth.entries[id] = entry
        }
        return truth
    }

    /// lotus: `CommR` and, for a snapped sector, `UpdateSealed` of `/sectors/<n>`.
    public static func lotus(_ records: [ReadBack.SectorRecord], miner: MinerID, name: String) -> CommRTruth {
        var truth = CommRTruth(name: name)
        truth.miner = miner
        for record in records where record.keyProblem == nil {
            // lotus keeps records of removed sectors; their files are meant to be gone.
            guard let info = record.info, info.state != "Removed" else { continue }
            let id = SectorID(miner: miner, number: info.sectorNumber)
            var entry = Entry()
            entry.sealed = truth.check(info.commR, id, "lotus \(record.key) CommR")
            entry.update = truth.check(info.updateSealed, id, "lotus \(record.key) UpdateSealed")
            truth.entries[id] = entry
        }
        return truth
    }

    private mutating func parse(_ text: String?, _ id: SectorID, _ source: String) -> ExpectedCommR? {
        guard let text else { return nil }
        do {
            return check(try CID(text: text), id, source)
        } catch {
            problems[id, default: []].append("\(source) \(text): \(error)")
            return nil
        }
    }

    private mutating func check(_ cid: CID?, _ id: SectorID, _ source: String) -> ExpectedCommR? {
        guard let cid else { return nil }
        if let why = cid.commRProblem {
            problems[id, default: []].append("\(source) \(cid) is no sealed CID: \(why)")
            return nil
        }
        return ExpectedCommR(cid: cid, source: source)
    }
}
