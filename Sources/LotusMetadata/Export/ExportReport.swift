/// Everything an export decided and did, rendered as damocles-style lines or as JSON.
public struct ExportReport: Sendable, Encodable {
    public struct Sector: Sendable, Encodable {
        /// `undecodable`: the datastore already holds a record for the sector that lotus cannot
        /// decode; it counts as a failure (without --override it stays as it is).
        public enum Outcome: String, Sendable, Encodable { case exported, skipped, failed, undecodable }
        public var number: UInt64
        public var outcome: Outcome
        public var reason: String?
        public var notes: [String] = []

        public var isFailure: Bool { outcome == .failed || outcome == .undecodable }
    }

    public var miner: String
    public var repo: String
    public var dryRun: Bool
    public var allOrNothing = false
    public var sectors: [Sector] = []
    public var nextNumberFlag: UInt64?
    public var nextSectorNumber: UInt64 = 0
    /// Distinct sector numbers damocles knows for the miner, every one counted as used.
    public var numbersCounted = 0
    /// How the message fields of the exported sectors were filled.
    public var messageCIDs = MessageTally()
    /// Distinct uids asked of venus-messager; nil when none was given.
    public var messagerLookups: Int?
    public var numbersBefore: NumbersJSON?
    public var numbersAfter: NumbersJSON?
    public var writtenKeys: [String] = []
    public var backup: String?
    public var written = false
    public var messages: [String] = []

    public var failureCount: Int { sectors.filter(\.isFailure).count }

    mutating func add(_ sector: Sector) { sectors.append(sector) }

    public struct NumbersJSON: Sendable, Encodable {
        public var nextID: UInt64?
        public var nextFree: UInt64
        public var allocated: [UInt64]?
        public var reserved: [UInt64]?
        var lines: [String]

        init(_ n: SectorNumbers) {
            nextID = n.nextID
            nextFree = n.nextFree
            allocated = n.allocated?.jsonRuns
            reserved = n.reserved?.jsonRuns
            lines = n.lines
        }

        private enum CodingKeys: String, CodingKey { case nextID = "next_id", nextFree = "next_free", allocated, reserved }
    }

    /// snake_case, as every --json output of ferry (docs/json.md lists the renames).
    private enum CodingKeys: String, CodingKey {
        case miner, repo, sectors, backup, written, messages
        case dryRun = "dry_run", allOrNothing = "all_or_nothing", failureCount = "failure_count"
        case nextNumberFlag = "next_number_flag", nextSectorNumber = "next_sector_number", numbersCounted = "numbers_counted"
        case messageCIDs = "message_cids", messagerLookups = "messager_lookups", numbersBefore = "numbers_before"
        case numbersAfter = "numbers_after", writtenKeys = "written_keys"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(miner, forKey: .miner)
        try c.encode(repo, forKey: .repo)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(allOrNothing, forKey: .allOrNothing)
        try c.encode(sectors, forKey: .sectors)
        try c.encode(failureCount, forKey: .failureCount)
        try c.encodeIfPresent(nextNumberFlag, forKey: .nextNumberFlag)
        try c.encode(nextSectorNumber, forKey: .nextSectorNumber)
        try c.encode(numbersCounted, forKey: .numbersCounted)
        try c.encode(messageCIDs, forKey: .messageCIDs)
        try c.encodeIfPresent(messagerLookups, forKey: .messagerLookups)
        try c.encodeIfPresent(numbersBefore, forKey: .numbersBefore)
        try c.encodeIfPresent(numbersAfter, forKey: .numbersAfter)
        try c.encode(writtenKeys, forKey: .writtenKeys)
        try c.encodeIfPresent(backup, forKey: .backup)
        try c.encode(written, forKey: .written)
        try c.encode(messages, forKey: .messages)
    }
}
