import SectorCheck
import SectorStore

/// `export files --check`: the sector's copy at the destination, checked as `ferry check` would
/// (files, tree-r-last rows and roots, p_aux, CommR, K challenges), before its sources may go.
struct SectorCheckGate: Sendable {
    let destination: String
    let miner: MinerID
    let challenges: Int

    /// nil when the destination copy passes; else what is wrong with it.
    func check(_ number: UInt64) -> String? {
        let scan = StoreScanner.scan(stores: [destination], miner: miner, numbers: [number])
        let id = SectorID(miner: miner, number: number)
        let report = SectorChecker.check(id, scan.sectors.first { $0.id == id }, options: CheckOptions(challenges: challenges, seed: number), truth: nil)
        return report.ok ? nil : "the check of its copy at \(destination) failed: " + report.allProblems.joined(separator: "; ")
    }
}
