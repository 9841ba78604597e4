import Synchronization
import TransferCore

/// Which --dest-path filled up during a run, and which sectors have started a file: shared by
/// the workers (through `TransferOptions.decline`) and the event handler.
final class PathFill: Sendable {
    private struct State {
        var pathOf: [UInt64: String]
        var full = Set<String>()
        var started = Set<UInt64>()
        var declining = Set<String>()
        var declined: [String: FileResult] = [:]
    }

    private let state: Mutex<State>
    private let sectorOf: [String: UInt64]

    /// `pathOf`: the path each sector is placed on; `sectorOf`: each source's sector.
    init(pathOf: [UInt64: String], sectorOf: [String: UInt64]) {
        state = Mutex(State(pathOf: pathOf))
        self.sectorOf = sectorOf
    }

    /// `TransferOptions.decline`: a file of a sector that has not started any file, on a path
    /// that filled up, is declined (it goes elsewhere in the next round); any other file starts,
    /// and its sector with it.
    func decline(_ item: TransferItem) -> String? {
        guard let sector = sectorOf[item.source] else { return nil }
        return state.withLock { state in
            if let path = state.pathOf[sector], state.full.contains(path), !state.started.contains(sector) {
                state.declining.insert(item.source)
                return "not started: \(path) filled up; no other --dest-path could take the sector"
            }
            state.started.insert(sector)
            return nil
        }
    }

    /// Notes a finished file; false when it was declined (the caller keeps it out of the
    /// sector's results until the next round settles it).
    func finished(_ result: FileResult) -> Bool {
        state.withLock { state in
            if state.declining.remove(result.item.source) != nil {
                state.declined[result.item.source] = result
                return false
            }
            if result.noSpace, let sector = sectorOf[result.item.source], let path = state.pathOf[sector] { state.full.insert(path) }
            return true
        }
    }

    /// The next round: sectors re-placed, declined files forgotten (returned).
    func nextRound(pathOf: [UInt64: String]) -> [String: FileResult] {
        state.withLock { state in
            state.pathOf.merge(pathOf) { _, new in new }
            defer { state.declined = [:] }
            return state.declined
        }
    }

    var full: Set<String> { state.withLock { $0.full } }
    func sectors(of results: [String: FileResult]) -> Set<UInt64> { Set(results.keys.compactMap { sectorOf[$0] }) }
}
