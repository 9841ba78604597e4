import SectorStore
import TransferCore
import TransferIO

/// Where each sector of this export goes, kept in the run's journal (run metadata) so that a
/// resumed or re-run export puts every sector where the first run started it.
struct PlacementRecord: Codable, Sendable, Equatable {
    static let journalKey = "export.placement"
    /// Sector number (decimal) → its `--dest-path`.
    var sectors: [String: String] = [:]

    subscript(number: UInt64) -> String? {
        get { sectors[String(number)] }
        set { sectors[String(number)] = newValue }
    }
}

extension SectorExportPlan.Sector {
    /// Points every file at `root` instead of the destination it was planned for (the first
    /// --dest-path, or the path an earlier run's rows name), keeping the lotus layout below it.
    mutating func retarget(to root: String) {
        items = items.map { item in
            guard let old = item.destinationRoot, old != root, item.destination.hasPrefix(old + "/") else { return item }
            var moved = item
            moved.destination = root + item.destination.dropFirst(old.count)
            moved.destinationRoot = root
            return moved
        }
    }

    /// What placement needs of it: bytes, the file system of its sources (one, or nil), the lotus
    /// file types it brings.
    var placementInput: PlacementSector {
        let devices = Set(items.map { try? FileSystem.status($0.source).device })
        let types = Set(items.compactMap { item -> String? in
            guard let root = item.destinationRoot, item.destination.hasPrefix(root + "/") else { return nil }
            return item.destination.dropFirst(root.count + 1).split(separator: "/").first.map(String.init)
        })
        return PlacementSector(number: id.number, bytes: bytes, sourceDevice: devices.count == 1 ? devices.first! : nil, fileTypes: types)
    }
}
