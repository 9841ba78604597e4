public import TransferIO
import Foundation
import Synchronization

/// Reads damocles persist stores and lotus storage paths (the same layout: `sealed/`, `cache/`,
/// `update/`, `update-cache/`, `unsealed/`, many miners side by side) into sectors.
public enum StoreScanner {
    static let sectorDirectories = ["sealed", "cache", "update", "update-cache", "unsealed"]

    public static func scan(stores: [String], miner: MinerID? = nil, numbers: SectorSelection? = nil) -> StoreScan {
        var entries: [SectorID: SectorEntry] = [:]
        var foreign: [ForeignEntry] = []
        func wanted(_ id: SectorID) -> Bool {
            (miner == nil || id.miner == miner) && (numbers?.contains(id.number) ?? true)
        }
        for store in distinct(stores) {
            for directory in sectorDirectories {
                let path = store + "/" + directory
                guard let names = try? FileSystem.listDirectory(path) else { continue }
                var work: [(id: SectorID, path: String, name: String)] = []
                for name in names.sorted() where name != "fetching" {
                    let full = path + "/" + name
                    guard let id = SectorID(fileName: name) else {
                        foreign.append(ForeignEntry(path: full, reason: "not a sector name (lotus expects s-t0<miner>-<number>)"))
                        continue
                    }
                    if wanted(id) { work.append((id, full, name)) }
                }
                // Listing 100k cache directories is most of a scan: spread it over the cores
                // (and over outstanding metadata reads when the inode cache is cold).
                let listings = CacheListing.read(work.map(\.path), isCache: directory.hasSuffix("cache"))
                for (index, item) in work.enumerated() {
                    var entry = entries[item.id] ?? SectorEntry(id: item.id)
                    add(listings[index], name: item.name, directory: directory, to: &entry)
                    entries[item.id] = entry
                }
            }
        }
        var sectors = entries.values.sorted { $0.id < $1.id }
        for index in sectors.indices { validate(&sectors[index]) }
        return StoreScan(sectors: sectors, foreign: foreign)
    }

    /// The stores as absolute paths, each store once. `--src X --src X`, `X` and `X/`, or `X`
    /// and a symlink to it name one store; scanned twice, every sector in it would look as if
    /// it were "in two stores" and be refused. Two stores are one when their paths resolve to
    /// the same directory (`realpath`) or their directories are the same inode on the same device
    /// (a bind mount). A store that cannot be resolved is kept by its lexical path.
    public static func distinct(_ stores: [String]) -> [String] {
        var seenPaths = Set<String>()
        var seenDirectories = Set<[UInt64]>()
        var out: [String] = []
        for raw in stores {
            let store = FileSystem.absolute(raw)
            let resolved = realpath(store, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? store
            var st = stat()
            let identity = stat(store, &st) == 0 ? [UInt64(st.st_dev), UInt64(st.st_ino)] : nil
            guard seenPaths.insert(resolved).inserted else { continue }
            if let identity, !seenDirectories.insert(identity).inserted { continue }
            out.append(store)
        }
        return out
    }

    private static func add(_ listing: CacheListing, name: String, directory: String, to entry: inout SectorEntry) {
        let path = listing.path
        guard let status = listing.status else { return }
        switch directory {
        case "unsealed":
            entry.unsealed.append(path)
        case "sealed", "update":
            let kind: ReplicaKind = directory == "sealed" ? .sealed : .update
            var replica = replica(kind, of: entry)
            if let existing = replica.data {
                replica.problems.append("\(directory)/\(name) is in two stores: \(existing.path) and \(path)")
            } else if status.kind != .regular {
                replica.problems.append("\(path) is a \(status.kind == .symlink ? "symbolic link" : "non-regular file"); only regular files are exported")
            } else {
                replica.data = StoreFile(path: path, name: name, status: status)
            }
            set(replica, in: &entry)
        default:
            let kind: ReplicaKind = directory == "cache" ? .sealed : .update
            var replica = replica(kind, of: entry)
            guard status.kind == .directory else {
                replica.problems.append("\(path) should be a directory")
                set(replica, in: &entry)
                return
            }
            if let existing = replica.cacheDirectory {
                replica.problems.append("\(directory)/\(name) is in two stores: \(existing) and \(path)")
                set(replica, in: &entry)
                return
            }
            replica.cacheDirectory = path
            replica.cacheFiles = listing.files
            replica.problems += listing.problems
            set(replica, in: &entry)
        }
    }

    private static func replica(_ kind: ReplicaKind, of entry: SectorEntry) -> SectorReplica {
        (kind == .sealed ? entry.sealed : entry.update) ?? SectorReplica(kind: kind)
    }

    private static func set(_ replica: SectorReplica, in entry: inout SectorEntry) {
        if replica.kind == .sealed { entry.sealed = replica } else { entry.update = replica }
    }

    /// A finalized replica: a data file of exactly a sector size, and in its cache `p_aux` (64
    /// bytes), `t_aux`, and every tree-r-last file of that size with its exact length.
    static func validate(_ entry: inout SectorEntry) {
        for kind in [ReplicaKind.sealed, .update] {
            guard var replica = kind == .sealed ? entry.sealed : entry.update else { continue }
            let dataName = "\(kind.dataDirectory)/\(entry.id.fileName)"
            let cacheName = "\(kind.cacheDirectory)/\(entry.id.fileName)"
            var size: SectorSize?
            if let data = replica.data {
                size = SectorSize(rawValue: data.status.size)
                if size == nil { replica.problems.append("\(dataName) is \(data.status.size) bytes, which is no sector size") }
            } else if !replica.problems.contains(where: { $0.contains(dataName) }) {
                replica.problems.append("\(dataName) is missing")
            }
            if replica.cacheDirectory == nil {
                replica.problems.append("\(cacheName)/ is missing")
            } else {
                let files = Dictionary(replica.cacheFiles.map { ($0.name, $0.status.size) }, uniquingKeysWith: { a, _ in a })
                switch files["p_aux"] {
                case nil: replica.problems.append("\(cacheName)/p_aux is missing")
                case let n? where n != SectorSize.pAuxSize: replica.problems.append("\(cacheName)/p_aux is \(n) bytes, 64 expected")
                default: break
                }
                switch files["t_aux"] {
                case nil: replica.problems.append("\(cacheName)/t_aux is missing")
                case 0?: replica.problems.append("\(cacheName)/t_aux is empty")
                default: break
                }
                if let size {
                    for tree in size.treeRLastFiles {
                        switch files[tree.name] {
                        case nil: replica.problems.append("\(cacheName)/\(tree.name) is missing")
                        case let n? where n != tree.size: replica.problems.append("\(cacheName)/\(tree.name) is \(n) bytes, \(tree.size) expected for \(size)")
                        default: break
                        }
                    }
                }
            }
            if kind == .sealed { entry.sealed = replica } else { entry.update = replica }
        }
    }
}

/// One entry of a sector directory: its lstat, and for a cache directory the files in it.
struct CacheListing: Sendable {
    var path: String
    var status: FileStatus?
    var files: [StoreFile] = []
    var problems: [String] = []

    static func read(_ paths: [String], isCache: Bool, threads: Int = 32) -> [CacheListing] {
        let results = Mutex([CacheListing?](repeating: nil, count: paths.count))
        // Real threads, not concurrentPerform (which stops at one per core): on a cold inode
        // cache the cost is waiting for metadata reads, so more of them in flight is what helps.
        let workers = max(1, min(paths.count, threads))
        let group = DispatchGroup()
        for worker in 0..<workers {
            group.enter()
            Thread {
                var local: [(Int, CacheListing)] = []
                for index in stride(from: worker, to: paths.count, by: workers) {
                    local.append((index, CacheListing(path: paths[index], isCache: isCache)))
                }
                results.withLock { all in for (index, listing) in local { all[index] = listing } }
                group.leave()
            }.start()
        }
        group.wait()
        return results.withLock { $0.map { $0! } }
    }

    init(path: String, isCache: Bool) {
        self.path = path
        status = try? FileSystem.status(path)
        guard isCache, status?.kind == .directory else { return }
        for file in ((try? FileSystem.listDirectory(path)) ?? []).sorted() {
            let filePath = path + "/" + file
            guard let fileStatus = try? FileSystem.status(filePath) else { continue }
            switch fileStatus.kind {
            case .regular where file.contains(".json"):
                // damocles' exporter skips these too; they are not part of the sector.
                continue
            case .regular:
                files.append(StoreFile(path: filePath, name: file, status: fileStatus))
            case .symlink:
                problems.append("\(filePath) is a symbolic link; ferry does not follow links out of a store")
            default:
                problems.append("\(filePath) is not a regular file")
            }
        }
    }
}
