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
        guard (try? FileSystem.status(storePath))?.kind == .directory else { throw fail("\(storePath) is not a directory") }
        let guardLock: RepoGuard
        do {
            guardLock = try RepoGuard(repo: LotusRepo(path: repoPath))
        } catch {
            throw fail("\(error); stop lotus-miner before attaching offline")
        }
        defer { guardLock.release() }
        let miner = (try? MetadataStore(guard: guardLock)).flatMap { store in
            defer { store.close() }
            return (try? store.minerAddress())??.actorID
        }
        let foreign = StoreScanner.scan(stores: [storePath]).foreign
        if !foreign.isEmpty && !force {
            for entry in foreign { Stderr.write("ferry: \(entry.path): \(entry.reason)\n") }
            throw fail("\(storePath) holds \(foreign.count) name(s) lotus cannot parse, which would stop lotus-miner from starting; move them away (or pass --force)")
        }
        do {
            if `init` {
                print("wrote \(try LotusStorageConfig.initialize(path: storePath, weight: weight, seal: seal, store: store))")
            } else {
                try LotusStorageConfig.checkExisting(path: storePath)
            }
            switch try LotusStorageConfig.addStoragePath(storePath, repo: repoPath) {
            case .added(let file): print("added \(storePath) to \(file)")
            case .alreadyThere(let file): print("\(storePath) is already in \(file)")
            }
        } catch {
            throw fail(error.description)
        }
        warnAboutContents(storePath, miner: miner)
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

    /// Prints the message and returns the exit status to throw: the repo guard's `defer` still
    /// runs (an `exit` here would skip it and leave lotus' repo locked until the process dies).
    private func fail(_ message: String) -> ExitCode {
        Stderr.write("ferry: \(message)\n")
        return ExitCode(1)
    }
}
