import SectorStore
public import TransferCore
import TransferIO

/// `--min-free` for whole sectors, before a byte moves (and in the dry run): sectors are
/// admitted in order while the destination keeps its reserve after all of them; the others are
/// refused whole, so none is left half-copied (cache files without their sealed file) when the
/// space runs out. Renames on one file system and clones cost nothing.
public enum SectorSpaceCheck {
    public static func refusals(_ sectors: [SectorExportPlan.Sector], destination: String, minFree: MinFree,
                                moves: Bool, clones: Bool) -> [UInt64: String] {
        let existing = FileSystem.nearestExisting(destination)
        guard let directory = try? DirectoryHandle.open(existing),
              let space = try? FileSystem.space(fd: directory.fd),
              let device = try? FileSystem.status(fd: directory.fd).device else { return [:] }
        let keep = minFree.threshold(total: space.total)
        let mount = MountInfo.of(existing)?.mountPoint ?? existing
        var planned: Int64 = 0
        var refused: [UInt64: String] = [:]
        for sector in sectors where sector.refusal == nil {
            let needed = sector.items.reduce(Int64(0)) { sum, item in
                let local = (try? FileSystem.status(item.source).device) == device
                return sum + (local && (moves || clones) ? 0 : item.size)
            }
            guard needed > 0 else { continue }
            if space.available - planned - needed < keep {
                let free = max(0, space.available - planned - keep)
                refused[sector.id.number] = "not started: needs \(ByteCount.format(needed)), \(ByteCount.format(free)) free on \(mount) "
                    + "(\(ByteCount.format(keep)) kept free by --min-free); nothing was moved"
            } else {
                planned += needed
            }
        }
        return refused
    }
}
