import ArgumentParser
import Foundation
import LotusMetadata
import SectorStore
import TransferIO

/// Lets lotus-miner use a damocles store where it is, instead of moving petabytes: what
/// `lotus-miner storage attach --init` does, done offline while lotus-miner is stopped.
struct LotusAttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach a store to a stopped lotus-miner in place: write sectorstore.json and add it to storage.json.",
        discussion: """
        Refuses while lotus-miner holds its repo. Warns when the store holds other miners' sectors or \
        names lotus cannot parse (either stops lotus-miner from using the path). Start lotus-miner \
        afterwards; it declares the sectors it finds there.
        """
    )

    @Option(help: "The lotus-miner repo (\(LotusMinerRepoPath.help)).", transform: PathArgument.expand)
    var repo: String?

    @Option(help: "The storage path to attach (a damocles persist store, for instance).", transform: PathArgument.expand)
    var path: String

    @Flag(help: "Write a new sectorstore.json with a fresh ID (refused if one exists, as lotus does).")
    var `init` = false

    @Option(help: "Path weight for lotus's placement decisions.")
    var weight: UInt64 = 10

    @Flag(help: "Lotus may seal in this path.")
    var seal = false

    @Flag(help: "Lotus may store finished sectors in this path.")
    var store = false

    @Flag(help: "Attach even though the store holds names lotus cannot parse (lotus-miner will then refuse to start until they are moved away).")
    var force = false

    func validate() throws {
        if `init` && !seal && !store { throw ValidationError("--init needs --seal and/or --store, as lotus-miner storage attach does") }
    }

    func run() async throws {
        let repoPath = LotusMinerRepoPath.resolve(repo)
        let storePath = FileSystem.absolute(path)
        guard (try? FileSystem.status(storePath))?.kind == .directory else { fail("\(storePath) is not a directory") }
        let guardLock: RepoGuard
        do {
            guardLock = try RepoGuard(repo: LotusRepo(path: repoPath))
        } catch {
            fail("\(error); stop lotus-miner before attaching offline")
        }
        defer { guardLock.release() }
        let miner = (try? MetadataStore(guard: guardLock)).flatMap { store in
            defer { store.close() }
            return (try? store.minerAddress())??.actorID
        }
        let foreign = StoreScanner.scan(stores: [storePath]).foreign
        if !foreign.isEmpty && !force {
            for entry in foreign { Stderr.write("ferry: \(entry.path): \(entry.reason)\n") }
            fail("\(storePath) holds \(foreign.count) name(s) lotus cannot parse, which would stop lotus-miner from starting; move them away (or pass --force)")
        }
        let meta = storePath + "/sectorstore.json"
        if `init` {
            guard !FileSystem.exists(meta) else { fail("\(meta) exists: path is already initialized (lotus refuses --init too)") }
            try writeAtomically(Self.sectorStoreJSON(id: UUID().uuidString.lowercased(), weight: weight, seal: seal, store: store), to: meta, replacing: false)
            print("wrote \(meta)")
        } else {
            guard let data = FileManager.default.contents(atPath: meta) else { fail("\(meta) is missing; use --init to create it") }
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["Name"] != nil || object["Path"] != nil {
                fail("\(meta) is damocles' sectorstore.json, which lotus misreads (CanStore false, numeric AllowMiners); move it aside and use --init")
            }
        }
        try addToStorageJSON(repoPath: repoPath, storePath: storePath)
        warnAboutContents(storePath, miner: miner)
    }

    static func sectorStoreJSON(id: String, weight: UInt64, seal: Bool, store: Bool) -> String {
        // Go's json.MarshalIndent of LocalStorageMeta: field order, two spaces, no newline at the end.
        """
        {
          "ID": "\(id)",
          "Weight": \(weight),
          "CanSeal": \(seal),
          "CanStore": \(store),
          "MaxStorage": 0,
          "Groups": null,
          "AllowTo": null,
          "AllowTypes": null,
          "DenyTypes": null,
          "AllowMiners": null,
          "DenyMiners": null
        }
        """
    }

    private func addToStorageJSON(repoPath: String, storePath: String) throws {
        let file = repoPath + "/storage.json"
        var paths: [String] = []
        if let data = FileManager.default.contents(atPath: file) {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { fail("\(file) is not valid JSON; nothing was changed") }
            paths = ((object["StoragePaths"] as? [[String: Any]]) ?? []).compactMap { $0["Path"] as? String }
        }
        // Compare resolved paths: "/x/", "/x" or a symlink to it are one storage path to lotus.
        let resolved = Self.resolve(storePath)
        if paths.contains(where: { Self.resolve($0) == resolved }) {
            print("\(storePath) is already in \(file)")
            return
        }
        paths.append(storePath)
        let entries = paths.map { "    {\n      \"Path\": \(Self.quote($0))\n    }" }.joined(separator: ",\n")
        try writeAtomically("{\n  \"StoragePaths\": [\n\(entries)\n  ]\n}", to: file, replacing: true)
        print("added \(storePath) to \(file)")
    }

    private func warnAboutContents(_ storePath: String, miner: UInt64?) {
        let scan = StoreScanner.scan(stores: [storePath])
        if let miner {
            let others = scan.sectors.filter { $0.id.miner.id != miner }
            if !others.isEmpty {
                Stderr.write("warning: \(storePath) holds \(others.count) sector(s) of other miners (\(Set(others.map(\.id.miner.description)).sorted().joined(separator: ", "))); this lotus-miner (t0\(miner)) will declare them too\n")
            }
        }
        for entry in scan.foreign {
            Stderr.write("warning: \(entry.path): lotus cannot parse this name and will refuse to open the path until it is moved away\n")
        }
    }

    private func writeAtomically(_ text: String, to file: String, replacing: Bool) throws {
        let temporary = file + ".ferry-tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        chmod(temporary, 0o644)
        let fd = try FileSystem.open(temporary, .readOnly)
        try FileSystem.sync(fd: fd)
        FileSystem.close(fd)
        if replacing { try FileSystem.renameReplacing(temporary, file) } else { try FileSystem.renameNoReplace(temporary, file) }
        try FileSystem.syncDirectory(FileSystem.parentDirectory(of: file))
    }

    static func resolve(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    static func quote(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    private func fail(_ message: String) -> Never {
        Stderr.write("ferry: \(message)\n")
        Foundation.exit(1)
    }
}
