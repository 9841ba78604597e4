import Dispatch
import SectorStore
import Synchronization
import TransferCore

/// Deletes a sector's sources as soon as the last of its files is committed, on one background
/// queue: a long export frees source space as it goes, a kill loses no finished sector, and
/// the workers never wait for the journal's fsync.
final class SectorSourceRemover: Sendable {
    private struct State {
        var remaining: [UInt64: Int]
        var results: [UInt64: [FileResult]] = [:]
        var failures: [UInt64: [String: String]] = [:]
    }

    private let session: TransferSession
    private let queue = DispatchQueue(label: "ferry-source-removal")
    private let state: Mutex<State>
    /// `--check`: proves the destination copy of a sector (nil when it passes) before its sources go.
    private let check: (@Sendable (UInt64) -> String?)?

    init(sectors: [SectorExportPlan.Sector], session: TransferSession, check: (@Sendable (UInt64) -> String?)? = nil) {
        self.session = session
        self.check = check
        state = Mutex(State(remaining: Dictionary(sectors.map { ($0.id.number, $0.items.count) }, uniquingKeysWith: +)))
    }

    /// Called for every finished file (from any worker thread).
    func finished(_ result: FileResult, sector: UInt64) {
        let complete: [FileResult]? = state.withLock { state in
            state.results[sector, default: []].append(result)
            state.remaining[sector, default: 1] -= 1
            guard state.remaining[sector] == 0 else { return nil }
            return state.results[sector]
        }
        guard let complete, complete.allSatisfy(\.succeeded) else { return }
        queue.async { [self] in
            if let problem = check?(sector) {
                state.withLock { $0.failures[sector] = ["check": problem + "; its sources were kept"] }
                return
            }
            let failures = (try? session.removeSources(of: complete)) ?? ["journal": "cannot flush the journal; sources kept"]
            if !failures.isEmpty { state.withLock { $0.failures[sector] = failures } }
        }
    }

    /// Waits for every queued removal; returns the failures by sector.
    func finish() -> [UInt64: [String: String]] {
        queue.sync {}
        return state.withLock { $0.failures }
    }
}
