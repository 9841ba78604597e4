import Foundation
import LotusMetadata
import SectorExport
import SectorStore
import Testing

/// Placement over several --dest-path, against sectorstore.json variants (lotus StorageBestAlloc).
@Suite struct SectorPlacementTests {
    let miner = MinerID(1000)
    let gib: Int64 = 1 << 30

    func meta(_ json: String) throws -> LotusStorageMeta { try LotusStorageMeta.decode(Data(json.utf8)) }

    func sectors(_ count: Int, bytes: Int64, device: UInt64? = 99) -> [PlacementSector] {
        (1...count).map { PlacementSector(number: UInt64($0), bytes: bytes, sourceDevice: device) }
    }

    @Test func decodesLotusFieldsCaseInsensitivelyAndDamoclesFileAsCannotStore() throws {
        let lotus = try meta(#"{"ID":"x","Weight":20,"CanSeal":false,"CanStore":true,"MaxStorage":1024,"Groups":null,"AllowMiners":["f01000"],"DenyMiners":null,"denytypes":["update"]}"#)
        #expect(lotus == LotusStorageMeta(id: "x", weight: 20, canStore: true, maxStorage: 1024, denyTypes: ["update"], allowMiners: ["f01000"]))
        let damocles = try meta(#"{"ID":"d","Name":"store1","Path":"/mnt/x","Strict":false,"ReadOnly":false,"Weight":1}"#)
        #expect(!damocles.canStore)
        #expect(throws: LotusStorageConfig.Failure.self) { try meta("[1]") }
    }

    @Test func cannotStoreIsSkippedAndNamedInTheRefusal() throws {
        let paths = [PathState(path: "/a", meta: try meta(#"{"Weight":10,"CanStore":false}"#), free: 100 * gib, fileSystem: 1),
                     PathState(path: "/b", free: 1 * gib, fileSystem: 2)]
        let result = SectorPlacement.place(sectors: sectors(1, bytes: gib / 2), paths: paths, miner: miner, moves: false)
        #expect(result.placements[1]?.path == 1)
        let refused = SectorPlacement.place(sectors: sectors(1, bytes: 2 * gib), paths: paths, miner: miner, moves: false)
        #expect(refused.placements.isEmpty)
        #expect(refused.refusals[1]?.reasons.map(\.exclusion) == [.cannotStore, .noSpace(needed: 2 * gib, free: gib)])
    }

    @Test func minersAreComparedByActorIdInEveryForm() throws {
        for allowed in ["f01000", "t01000", "1000"] {
            let paths = [PathState(path: "/a", meta: try meta(#"{"Weight":10,"CanStore":true,"AllowMiners":["f02000"]}"#), free: 9 * gib, fileSystem: 1),
                         PathState(path: "/b", meta: try meta(#"{"Weight":10,"CanStore":true,"AllowMiners":["\#(allowed)"]}"#), free: gib, fileSystem: 2)]
            #expect(SectorPlacement.place(sectors: sectors(1, bytes: 10), paths: paths, miner: miner, moves: false).placements[1]?.path == 1)
        }
        let denied = [PathState(path: "/a", meta: try meta(#"{"Weight":10,"CanStore":true,"DenyMiners":["t01000"],"AllowMiners":["1000"]}"#), free: 9 * gib, fileSystem: 1)]
        let result = SectorPlacement.place(sectors: sectors(1, bytes: 10), paths: denied, miner: miner, moves: false)
        #expect(result.refusals[1]?.reasons.map(\.exclusion) == [.minerDenied], "DenyMiners wins over AllowMiners")
    }

    @Test func maxStorageCapsAvailableByExistingUsageAndPlannedBytes() throws {
        let capped = try meta(#"{"Weight":10,"CanStore":true,"MaxStorage":\#(10 * gib)}"#)
        // /a: 100 GiB free but only 10 − 7 = 3 GiB left under MaxStorage; /b: 5 GiB free.
        let paths = [PathState(path: "/a", meta: capped, free: 100 * gib, used: 7 * gib, fileSystem: 1),
                     PathState(path: "/b", free: 5 * gib, fileSystem: 2)]
        let result = SectorPlacement.place(sectors: sectors(4, bytes: 2 * gib), paths: paths, miner: miner, moves: false)
        // 1 → /b (5 > 3), 2 → /a (3 ≥ 3 > 3 − … /b has 3 left: tie at 3 → /a has fewer planned), then both
        // are down to 1 GiB: nothing takes 4.
        #expect(result.placements[1]?.path == 1)
        #expect(result.placements[2]?.path == 0)
        #expect(result.placements[3]?.path == 1)
        #expect(result.refusals[4]?.reasons.map(\.exclusion) == [.maxStorage(needed: 2 * gib, left: gib), .noSpace(needed: 2 * gib, free: gib)])
    }

    @Test func weightMultipliesAvailableAndZeroSortsLastButStaysEligible() throws {
        let heavy = try meta(#"{"Weight":30,"CanStore":true}"#)
        let zero = try meta(#"{"Weight":0,"CanStore":true}"#)
        let paths = [PathState(path: "/zero", meta: zero, free: 1000 * gib, fileSystem: 1),
                     PathState(path: "/light", free: 20 * gib, fileSystem: 2),
                     PathState(path: "/heavy", meta: heavy, free: 10 * gib, fileSystem: 3)]
        let result = SectorPlacement.place(sectors: sectors(3, bytes: 9 * gib), paths: paths, miner: miner, moves: false)
        #expect(result.placements[1] == Placement(path: 2, reason: .rank(available: 10 * gib, weight: 30)))
        #expect(result.placements[2]?.path == 1)
        #expect(result.placements[3]?.path == 1, "11 GiB × 10 still beats anything × 0")
        let onlyZero = SectorPlacement.place(sectors: sectors(1, bytes: gib), paths: [paths[0]], miner: miner, moves: false)
        #expect(onlyZero.placements[1]?.path == 0)
    }

    @Test func twoPathsOnOneFileSystemShareItsFreeSpace() {
        let paths = [PathState(path: "/fs/a", free: 5 * gib, fileSystem: 7), PathState(path: "/fs/b", free: 5 * gib, fileSystem: 7)]
        let result = SectorPlacement.place(sectors: sectors(3, bytes: 2 * gib), paths: paths, miner: miner, moves: false)
        #expect(result.placements.count == 2, "5 GiB hold two 2 GiB sectors, not four")
        #expect(result.refusals[3]?.reasons.map(\.exclusion) == [.noSpace(needed: 2 * gib, free: gib), .noSpace(needed: 2 * gib, free: gib)])
    }

    @Test func tiesGoToTheGroupWithTheLeastPlannedBytes() {
        // /a and /c share a device group; /b is alone. Equal free space everywhere.
        let paths = [PathState(path: "/a", free: 100 * gib, fileSystem: 1, group: "g1"),
                     PathState(path: "/c", free: 100 * gib, fileSystem: 3, group: "g1"),
                     PathState(path: "/b", free: 100 * gib, fileSystem: 2, group: "g2")]
        let result = SectorPlacement.place(sectors: sectors(2, bytes: gib), paths: paths, miner: miner, moves: false)
        #expect(result.placements[1]?.path == 0, "all tied, nothing planned: path order")
        // Now /a has 99 GiB; /c and /b tie at 100: /b's group has nothing planned, /c's has 1 GiB.
        #expect(result.placements[2]?.path == 2)
    }

    @Test func aMoveRenamesOnItsOwnFileSystemAheadOfRanking() {
        let paths = [PathState(path: "/big", free: 100 * gib, fileSystem: 1),
                     PathState(path: "/local", free: 1 * gib, fileSystem: 5)]
        let local = [PlacementSector(number: 1, bytes: 4 * gib, sourceDevice: 5)]
        let move = SectorPlacement.place(sectors: local, paths: paths, miner: miner, moves: true)
        #expect(move.placements[1] == Placement(path: 1, reason: .rename), "a rename needs no free space")
        let copy = SectorPlacement.place(sectors: local, paths: paths, miner: miner, moves: false)
        #expect(copy.placements[1]?.path == 0)
        // An ineligible path is no rename target.
        var denied = paths
        denied[1].meta.canStore = false
        #expect(SectorPlacement.place(sectors: local, paths: denied, miner: miner, moves: true).placements[1]?.path == 0)
    }

    @Test func aSectorIsNeverSplitAndEveryByteFitsWhereItIsPlaced() {
        let paths = [PathState(path: "/a", free: 10 * gib, fileSystem: 1), PathState(path: "/b", free: 7 * gib, fileSystem: 2)]
        let many = (1...12).map { PlacementSector(number: UInt64($0), bytes: Int64($0 % 3 + 1) * gib, sourceDevice: 9) }
        let result = SectorPlacement.place(sectors: many, paths: paths, miner: miner, moves: false)
        #expect(Set(result.placements.keys).isDisjoint(with: result.refusals.keys))
        #expect(result.placements.count + result.refusals.count == many.count)
        for index in paths.indices {
            let planned = many.filter { result.placements[$0.number]?.path == index }.reduce(0) { $0 + $1.bytes }
            #expect(planned <= paths[index].free)
        }
        #expect(result.placements.count >= 7)
    }

    @Test func recordedPlacementsAreKeptAndCountedFirst() {
        let paths = [PathState(path: "/a", free: 10 * gib, fileSystem: 1), PathState(path: "/b", free: 4 * gib, fileSystem: 2)]
        let result = SectorPlacement.place(sectors: sectors(2, bytes: 4 * gib), paths: paths, miner: miner, moves: false, recorded: [2: 1])
        #expect(result.placements[2] == Placement(path: 1, reason: .recorded))
        #expect(result.placements[1]?.path == 0, "/b's space is taken by the recorded sector")
    }

    @Test func aPathMarkedFullTakesNoNewSector() {
        var paths = [PathState(path: "/a", free: 10 * gib, fileSystem: 1), PathState(path: "/b", free: 4 * gib, fileSystem: 2)]
        paths[0].full = true
        let result = SectorPlacement.place(sectors: sectors(1, bytes: gib), paths: paths, miner: miner, moves: false)
        #expect(result.placements[1]?.path == 1)
    }
}
