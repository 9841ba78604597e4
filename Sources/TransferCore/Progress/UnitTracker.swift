import Synchronization

/// Where a run stands in the units its operator thinks in: files for copy and move, sectors
/// for exports (a sector is done when every one of its files arrived). Fed by the run's events
/// from any worker thread; read by the progress display, the heartbeat and the progress file.
public final class UnitTracker: Sendable {
    private struct State {
        var started = Set<String>()
        var finished: [String: FileResult] = [:]
        var refused: [UInt64: String] = [:]
    }

    /// Each sector's file sources, when counting sectors.
    private let sectors: [UInt64: [String]]?
    private let sectorOf: [String: UInt64]
    /// The files of the plan, whatever the unit.
    public let fileCount: Int
    private let state = Mutex(State())

    /// Counts files.
    public init(files: Int) {
        sectors = nil
        sectorOf = [:]
        fileCount = files
    }

    /// Counts sectors, each made of the files whose sources are listed.
    public init(sectors: [UInt64: [String]]) {
        self.sectors = sectors
        sectorOf = Dictionary(sectors.flatMap { number, sources in sources.map { ($0, number) } }, uniquingKeysWith: { a, _ in a })
        fileCount = sectors.values.reduce(0) { $0 + $1.count }
    }

    public var unitName: String { sectors == nil ? "files" : "sectors" }

    public func sector(of source: String) -> UInt64? { sectorOf[source] }

    public func started(_ item: TransferItem) {
        _ = state.withLock { $0.started.insert(item.source) }
    }

    /// Records a file's end. Returns its sector's results once the sector's last file is in,
    /// so a sector's lines can be printed together.
    @discardableResult
    public func finished(_ result: FileResult) -> (sector: UInt64, results: [FileResult])? {
        state.withLock { state in
            state.finished[result.item.source] = result
            guard let number = sectorOf[result.item.source], let sources = sectors?[number] else { return nil }
            let results = sources.compactMap { state.finished[$0] }
            return results.count == sources.count ? (number, results) : nil
        }
    }

    /// A sector failed before any of its files ran (refused, clashing, missing).
    public func refused(sector: UInt64, reason: String) {
        state.withLock { $0.refused[sector] = reason }
    }

    /// Done, in flight, remaining and failed, in units, with sector numbers when counting sectors.
    public func counts() -> (counts: ProgressFile.Counts, sectors: [String: [UInt64]]?, failures: [String: String]) {
        state.withLock { state in
            guard let sectors else { return Self.fileCounts(state, total: fileCount) }
            var groups: [String: [UInt64]] = ["done": [], "in_flight": [], "remaining": [], "failed": []]
            var failures: [String: String] = [:]
            for (number, reason) in state.refused {
                groups["failed"]!.append(number)
                failures[String(number)] = reason
            }
            for (number, sources) in sectors where state.refused[number] == nil {
                let results = sources.compactMap { state.finished[$0] }
                if let failure = results.first(where: { !$0.succeeded })?.failure {
                    groups["failed"]!.append(number)
                    failures[String(number)] = failure
                } else if results.count == sources.count {
                    groups["done"]!.append(number)
                } else if !results.isEmpty || sources.contains(where: state.started.contains) {
                    groups["in_flight"]!.append(number)
                } else {
                    groups["remaining"]!.append(number)
                }
            }
            for key in groups.keys { groups[key]!.sort() }
            var counts = ProgressFile.Counts()
            counts.done = groups["done"]!.count
            counts.inFlight = groups["in_flight"]!.count
            counts.remaining = groups["remaining"]!.count
            counts.failed = groups["failed"]!.count
            return (counts, groups, failures)
        }
    }

    private static func fileCounts(_ state: State, total: Int) -> (counts: ProgressFile.Counts, sectors: [String: [UInt64]]?, failures: [String: String]) {
        var counts = ProgressFile.Counts()
        var failures: [String: String] = [:]
        for result in state.finished.values {
            if let failure = result.failure {
                counts.failed += 1
                if failures.count < ProgressFile.failureLimit { failures[result.item.source] = failure }
            } else {
                counts.done += 1
            }
        }
        counts.inFlight = state.started.filter { state.finished[$0] == nil }.count
        counts.remaining = max(0, total - counts.done - counts.failed - counts.inFlight)
        return (counts, nil, failures)
    }

    public func units() -> ProgressText.Units {
        let (counts, _, _) = self.counts()
        return ProgressText.Units(done: counts.done, failed: counts.failed,
                                  total: counts.done + counts.failed + counts.inFlight + counts.remaining, name: unitName)
    }
}

extension UnitTracker {
    /// Feeds a run's event in; returns a sector's results when its last file is in.
    @discardableResult
    public func record(_ event: TransferEvent) -> (sector: UInt64, results: [FileResult])? {
        switch event {
        case .fileStarted(let item, _):
            started(item)
            return nil
        case .fileFinished(let result):
            return finished(result)
        case .notice, .streams:
            return nil
        }
    }
}
