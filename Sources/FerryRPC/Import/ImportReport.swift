/// What happened to one sector.
public enum SectorOutcome: Sendable, Equatable {
    case imported
    case wouldImport
    case notImported
    case skipped(SkipReason)
    case failed(String)

    var key: String {
        switch self {
        case .imported: "imported"
        case .wouldImport: "would-import"
        case .notImported: "not-imported"
        case .skipped: "skipped"
        case .failed: "failed"
        }
    }
}

public struct SectorReport: Sendable, Equatable {
    public var id: SectorID
    public var outcome: SectorOutcome
    public var upgraded: Bool?
    /// A snapped sector's new CommR, recovered from its update cache (`--store`).
    public var newCommR: String?

    public init(id: SectorID, outcome: SectorOutcome, upgraded: Bool? = nil, newCommR: String? = nil) {
        self.id = id
        self.outcome = outcome
        self.upgraded = upgraded
        self.newCommR = newCommR
    }

    private var upgradeNote: String {
        guard upgraded == true else { return "" }
        return newCommR.map { " (snap-upgraded, new CommR \($0) from its update cache)" } ?? " (snap-upgraded)"
    }

    /// The line printed per sector; skip reasons read as damocles logs them.
    public var line: String {
        switch outcome {
        case .imported: "\(id.display): imported\(upgradeNote)"
        case .wouldImport: "\(id.display): would import\(upgradeNote)"
        case .notImported: "\(id.display): not imported, perhaps you need to set --override flag"
        case .skipped(let reason): "\(id.display): skipped: check sector info: \(reason)"
        case .failed(let message): "\(id.display): import failed: \(message)"
        }
    }

    var json: JSONValue {
        var m: [(String, JSONValue)] = [
            ("sector", .string(id.display)), ("number", .uint(id.number)), ("result", .string(outcome.key)),
            ("upgraded", .optional(upgraded) { .bool($0) }),
        ]
        if let newCommR { m.append(("new_commr", .string(newCommR))) }
        switch outcome {
        case .skipped(let reason): m.append(("reason", .string("check sector info: \(reason)")))
        case .failed(let message): m.append(("error", .string(message)))
        default: break
        }
        return .object(m)
    }
}

public struct ImportReport: Sendable, Equatable {
    public var minerAddress: String
    public var dryRun: Bool
    public var sectors: [SectorReport] = []

    public func count(_ key: String) -> Int { sectors.filter { $0.outcome.key == key }.count }
    public var imported: Int { count("imported") }
    public var wouldImport: Int { count("would-import") }
    public var notImported: Int { count("not-imported") }
    public var skipped: Int { count("skipped") }
    public var failed: Int { count("failed") }
    public var hasFailures: Bool { failed > 0 }

    public var summaryLine: String {
        let done = dryRun ? "would import \(wouldImport)" : "imported \(imported), not imported \(notImported)"
        return "summary: \(done), skipped \(skipped), failed \(failed) (of \(sectors.count) sectors, miner \(minerAddress))"
    }

    public var json: JSONValue {
        .object([
            ("miner", .string(minerAddress)), ("dry_run", .bool(dryRun)),
            ("sectors", .array(sectors.map(\.json))),
            ("summary", .object([
                ("total", .int(Int64(sectors.count))), ("imported", .int(Int64(imported))),
                ("would_import", .int(Int64(wouldImport))), ("not_imported", .int(Int64(notImported))),
                ("skipped", .int(Int64(skipped))), ("failed", .int(Int64(failed))),
            ])),
        ])
    }
}
