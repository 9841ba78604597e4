public import SectorStore

/// Chooses a `--dest-path` for each sector the way lotus' StorageBestAlloc chooses a storage path
/// (reference many-disks §1.1): filter, then rank by available space × Weight. Each sector goes
/// whole to one path. Pure: no I/O, the same input gives the same answer.
public enum SectorPlacement {
    /// `sectors` in the order they will run (earlier ones get first pick); `recorded`: the path
    /// index an earlier run of this export chose per sector, kept as is. `moves`: a sector on a
    /// path's own file system is renamed there, ahead of any ranking.
    public static func place(sectors: [PlacementSector], paths: [PathState], miner: MinerID, moves: Bool,
                             recorded: [UInt64: Int] = [:]) -> PlacementResult {
        var ledger = PlacementLedger(paths: paths, miner: miner)
        var result = PlacementResult()
        // Recorded sectors first: their bytes are spoken for before anything new is ranked.
        for sector in sectors {
            guard let index = recorded[sector.number], paths.indices.contains(index) else { continue }
            ledger.plan(sector, on: index, moves: moves)
            result.placements[sector.number] = Placement(path: index, reason: .recorded)
        }
        for sector in sectors where result.placements[sector.number] == nil {
            if let placement = choose(sector, ledger: ledger, moves: moves) {
                ledger.plan(sector, on: placement.path, moves: moves)
                result.placements[sector.number] = placement
            } else {
                let reasons = paths.indices.map { (path: paths[$0].path, exclusion: ledger.exclusion(of: sector, at: $0, moves: moves) ?? .full) }
                result.refusals[sector.number] = PlacementRefusal(sector: sector.number, reasons: reasons)
            }
        }
        return result
    }

    /// The rename path if there is one, else the best ranked eligible path.
    static func choose(_ sector: PlacementSector, ledger: PlacementLedger, moves: Bool) -> Placement? {
        let eligible = ledger.paths.indices.filter { ledger.exclusion(of: sector, at: $0, moves: moves) == nil }
        if let rename = ranked(eligible.filter { ledger.renames(sector, at: $0, moves: moves) }, ledger: ledger).first {
            return Placement(path: rename, reason: .rename)
        }
        guard let best = ranked(eligible, ledger: ledger).first else { return nil }
        return Placement(path: best, reason: .rank(available: ledger.available(at: best), weight: ledger.paths[best].meta.weight))
    }

    /// Available × Weight descending (exact 128-bit products; Weight 0 sorts last but stays
    /// eligible, as in lotus), then the least planned bytes on the device group, then path order.
    static func ranked(_ indices: [Int], ledger: PlacementLedger) -> [Int] {
        func score(_ index: Int) -> (high: UInt64, low: UInt64) {
            let product = UInt64(ledger.available(at: index)).multipliedFullWidth(by: ledger.paths[index].meta.weight)
            return (product.high, product.low)
        }
        return indices.sorted { a, b in
            let (sa, sb) = (score(a), score(b))
            if sa != sb { return sa > sb }
            let (ga, gb) = (ledger.planned(group: a), ledger.planned(group: b))
            if ga != gb { return ga < gb }
            return a < b
        }
    }
}

extension SectorPlacement {
    /// Why `paths[index]` cannot take the sector, judged alone (nothing else planned).
    public static func exclusion(of sector: PlacementSector, at index: Int, paths: [PathState], miner: MinerID, moves: Bool) -> PathExclusion? {
        PlacementLedger(paths: paths, miner: miner).exclusion(of: sector, at: index, moves: moves)
    }
}
