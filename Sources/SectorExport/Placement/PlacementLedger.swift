/// The bytes placement has promised so far: per file system (paths on one file system share its
/// free space), per path (MaxStorage) and per device group (the tie-break).
struct PlacementLedger {
    let paths: [PathState]
    let miner: MinerID
    private(set) var onFileSystem: [UInt64: Int64] = [:]
    private(set) var onPath: [Int: Int64] = [:]
    private(set) var onGroup: [String: Int64] = [:]

    init(paths: [PathState], miner: MinerID) {
        self.paths = paths
        self.miner = miner
    }

    /// A move whose files already live on the path's file system.
    func renames(_ sector: PlacementSector, at index: Int, moves: Bool) -> Bool {
        moves && sector.sourceDevice == paths[index].fileSystem
    }

    /// Bytes the sector costs the path's file system: nothing for a rename.
    func cost(_ sector: PlacementSector, at index: Int, moves: Bool) -> Int64 {
        renames(sector, at: index, moves: moves) ? 0 : sector.bytes
    }

    /// Free space left on the path's file system after the reserve and what is planned there.
    func free(at index: Int) -> Int64 {
        let path = paths[index]
        return max(0, path.free - path.keep - onFileSystem[path.fileSystem, default: 0])
    }

    /// lotus' Available: free space, capped by MaxStorage − (used + planned) when MaxStorage is set.
    func available(at index: Int) -> Int64 {
        let path = paths[index]
        guard path.meta.maxStorage > 0 else { return free(at: index) }
        return min(free(at: index), maxStorageLeft(at: index))
    }

    func maxStorageLeft(at index: Int) -> Int64 {
        let path = paths[index]
        let cap = Int64(clamping: path.meta.maxStorage)
        return max(0, cap - path.used - onPath[index, default: 0])
    }

    /// Why the path cannot take the sector now, or nil.
    func exclusion(of sector: PlacementSector, at index: Int, moves: Bool) -> PathExclusion? {
        let path = paths[index]
        if path.full { return .full }
        if !path.meta.canStore { return .cannotStore }
        if let miner = path.meta.exclusion(of: miner) { return miner }
        if let type = path.meta.refusedType(among: sector.fileTypes) { return .typeNotAllowed(type) }
        if path.meta.maxStorage > 0, maxStorageLeft(at: index) < sector.bytes {
            return .maxStorage(needed: sector.bytes, left: maxStorageLeft(at: index))
        }
        let cost = cost(sector, at: index, moves: moves)
        if cost > 0, free(at: index) < cost { return .noSpace(needed: cost, free: free(at: index)) }
        return nil
    }

    /// Promises the sector's bytes to the path.
    mutating func plan(_ sector: PlacementSector, on index: Int, moves: Bool) {
        let cost = cost(sector, at: index, moves: moves)
        onFileSystem[paths[index].fileSystem, default: 0] += cost
        onPath[index, default: 0] += sector.bytes
        onGroup[paths[index].group, default: 0] += cost
    }

    func planned(group index: Int) -> Int64 { onGroup[paths[index].group, default: 0] }
}

import SectorStore
