import Glibc
public import TransferIO

/// A store argument that cannot be what the user meant: said before anything is scanned,
/// created or moved, because a scan of it would quietly find "0 sectors".
public struct StoreProblem: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
}

/// Checks the stores a command was given (`--store`, `--src`) and explains an empty selection.
public enum StoreCheck {
    /// The directories whose presence makes a directory a store (lotus' and damocles' layout).
    static let storeDirectories = ["sealed", "cache", "update", "update-cache", "unsealed"]

    /// Each store must be a directory holding at least one sector directory. A store given one
    /// level too deep (`store/sealed`) is the usual mistake, so that one gets its own hint.
    public static func validate(_ stores: [String]) throws(StoreProblem) {
        for store in stores { try validate(store) }
    }

    static func validate(_ store: String) throws(StoreProblem) {
        var st = stat()
        // stat, not lstat: a store may well be a symlink to where the disk is mounted.
        guard PathBytes.withCString(store, { stat($0, &st) }) == 0 else {
            let error = Errno.current
            throw StoreProblem(description: error == .noSuchFile ? "store \(store): no such directory" : "store \(store): \(error)")
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw StoreProblem(description: "store \(store): not a directory") }
        let names: [String]
        do { names = try FileSystem.listDirectory(store) } catch {
            throw StoreProblem(description: "store \(store): cannot read it: \(error)")
        }
        if names.contains(where: storeDirectories.contains) { return }
        if let kind = sectorDirectoryKind(store, names: names) {
            throw StoreProblem(description: "store \(store): looks like a \(kind)/ directory; give its parent")
        }
        throw StoreProblem(description: "store \(store): no sealed/, cache/ or update/ in it")
    }

    /// Which sector directory `store` looks like: by its name, else by holding sector entries
    /// (files: a sealed/ or update/ directory; directories: a cache/ one).
    static func sectorDirectoryKind(_ store: String, names: [String]) -> String? {
        let name = FileSystem.baseName(of: FileSystem.absolute(store))
        if storeDirectories.contains(name) { return name }
        guard let sector = names.sorted().first(where: { SectorID(fileName: $0) != nil }) else { return nil }
        let kind = (try? FileSystem.status(store + "/" + sector))?.kind
        return kind == .directory ? "cache" : "sealed"
    }

    /// How many sectors of each miner the stores hold, from the names alone (no cache listing):
    /// cheap enough to say what is there when a selection came out empty.
    public static func census(_ stores: [String]) -> [MinerID: Int] {
        var sectors = Set<SectorID>()
        for store in StoreScanner.distinct(stores) {
            for directory in ["sealed", "cache", "update", "update-cache"] {
                for name in (try? FileSystem.listDirectory(store + "/" + directory)) ?? [] {
                    if let id = SectorID(fileName: name) { sectors.insert(id) }
                }
            }
        }
        return sectors.reduce(into: [:]) { $0[$1.miner, default: 0] += 1 }
    }

    /// nil when the stores hold a sector of `miner`; otherwise what to say, with what they do hold
    /// (`no sectors of t09999 in these stores (found: t01000 ×4)`).
    public static func noSectors(of miner: MinerID, in stores: [String]) -> StoreProblem? {
        let found = census(stores)
        guard found[miner] == nil else { return nil }
        let list = found.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
        return StoreProblem(description: "no sectors of \(miner) in these stores (found: \(list.isEmpty ? "none" : list.joined(separator: ", ")))")
    }
}
