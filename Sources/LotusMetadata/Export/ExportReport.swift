/// Everything an export decided and did, rendered as damocles-style lines or as JSON.
public struct ExportReport: Sendable, Encodable {
    public struct Sector: Sendable, Encodable {
        /// `undecodable`: the datastore already holds a record for the sector that lotus cannot
        /// decode; it counts as a failure (without --override nothing is written).
        public enum Outcome: String, Sendable, Encodable { case exported, skipped, failed, undecodable }
        public var number: UInt64
        public var outcome: Outcome
        public var reason: String?
        public var notes: [String] = []
    }

    public var miner: String
    public var repo: String
    public var dryRun: Bool
    public var sectors: [Sector] = []
    public var failureCount = 0
    public var nextNumberFlag: UInt64?
    public var nextSectorNumber: UInt64 = 0
    /// Message fields left null because damocles held only venus-messager ids.
    public var nulledMessageFields = 0
    public var numbersBefore: NumbersJSON?
    public var numbersAfter: NumbersJSON?
    public var writtenKeys: [String] = []
    public var backup: String?
    public var written = false
    public var messages: [String] = []

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

        private enum CodingKeys: String, CodingKey { case nextID, nextFree, allocated, reserved }
    }

    /// Lines in the order damocles prints its own (`export failure counts`, `next sector number`,
    /// `update next sector number`), with ferry's extra information around them.
    public var humanLines: [String] {
        var out: [String] = []
        if let before = numbersBefore { out += ["sector numbers before:"] + before.lines.map { "  " + $0 } }
        for s in sectors {
            switch s.outcome {
            case .exported: out.append("sector \(s.number): \(dryRun ? "would export" : "exported")")
            case .skipped: out.append("sector \(s.number): skipped: \(s.reason ?? "")")
            case .failed: out.append("sector \(s.number) to sector info err: \(s.reason ?? "")")
            case .undecodable: out.append("sector \(s.number): \(s.reason ?? "")")
            }
            out += s.notes.map { "sector \(s.number): note: \($0)" }
        }
        out.append("export failure counts: \(failureCount)")
        if let n = nextNumberFlag { out.append("next sector number: \(n)") }
        out += messages
        out.append("update next sector number: \(nextSectorNumber)")
        if nulledMessageFields > 0 {
            out.append("message CIDs left null: \(nulledMessageFields) (damocles holds venus-messager ids, not chain message CIDs)")
        }
        if let after = numbersAfter { out += ["sector numbers \(written ? "after" : dryRun ? "after (dry run, not written)" : "(unchanged)"):"] + after.lines.map { "  " + $0 } }
        if let backup { out.append("backup of the datastore: \(backup)") }
        if dryRun {
            out.append("dry run: would write \(writtenKeys.count) keys: \(writtenKeys.joined(separator: " "))")
        } else if written {
            out.append("wrote \(writtenKeys.count) keys in one atomic batch")
        } else if failureCount > 0 {
            out.append("nothing written: fix the failures above (the datastore is unchanged)")
        } else {
            out.append("nothing to write")
        }
        return out
    }
}
