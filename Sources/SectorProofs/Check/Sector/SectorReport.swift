import Foundation
public import SectorStore

/// Everything `ferry check` found for one sector.
public struct SectorReport: Sendable {
    public let id: SectorID
    public var size: SectorSize?
    public var snapUpgraded = false
    /// The replica lotus proves: update/ for a snapped sector, sealed/ otherwise. nil when the
    /// sector has no files at all (it is only known to the source of truth).
    public var live: ReplicaReport?
    /// A snapped sector's sector key (sealed/ + cache/), when it is still there.
    public var sectorKey: ReplicaReport?
    /// What concerns the sector rather than one replica (source of truth, the two replicas together).
    public var problems: [String] = []

    public init(id: SectorID) { self.id = id }

    public var ok: Bool { problems.isEmpty && (live?.ok ?? false) && (sectorKey?.ok ?? true) }

    /// Every problem, sector-level first, then the live replica's, then the sector key's.
    public var allProblems: [String] {
        problems + (live?.problems ?? []) + (sectorKey?.problems.map { "sector key: " + $0 } ?? [])
    }

    /// `s-t01000-5  32GiB  ok  CommR bagboea…  cache 8/8  challenges 16/16`, or FAILED and then
    /// exactly what is wrong.
    public var line: String {
        var fields = [id.fileName, size?.description ?? "?"]
        if snapUpgraded { fields.append("snap-upgraded") }
        fields.append(ok ? "ok" : "FAILED")
        if let live { fields += live.summaryFields }
        if let key = sectorKey { fields.append("sector key \(key.ok ? "ok" : "FAILED")" + (key.commR.map { " (CommR \($0))" } ?? "")) }
        let text = fields.joined(separator: "  ")
        return ok ? text : text + ": " + allProblems.joined(separator: "; ")
    }
}

extension ReplicaReport {
    /// `CommR …`, `cache n/m`, and `challenges n/m` or `full n/m nodes, x GiB/s`.
    var summaryFields: [String] {
        var fields: [String] = []
        if let commR { fields.append("CommR \(commR)") }
        if treeFiles > 0 { fields.append("cache \(treeFilesOK)/\(treeFiles)") }
        if let full {
            fields.append("full \(Count(full.nodesOK))/\(Count(full.nodes)) nodes, \(full.rate)")
        } else if challenges > 0 {
            fields.append("challenges \(challengesPassed)/\(challenges)")
        }
        return fields
    }
}
