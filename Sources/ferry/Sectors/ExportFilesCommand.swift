import ArgumentParser
import Foundation
import ScaleOut
import SectorExport
import SectorStore
import TransferCore
import TransferIO

struct ExportFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Move (or with --reserve copy) a miner's sector files from damocles stores into a lotus storage path.",
        // ArgumentParser leaves --src out of the synopsis (it has a default), yet a run needs one.
        usage: "ferry export files --miner <miner> --src <store>... --dest-path <dest-path> [<options>]",
        discussion: """
        A move is a rename on one file system and a verified copy otherwise; a sector's sources are \
        deleted only once every file of that sector is verified and committed at the destination. Runs \
        through the journal (<dest-path>/.ferry/journal): run the same command again to resume. Prints \
        damocles' lines (move sector N file ..., move/copy file from A to B, export failure counts: F, \
        total: T) and exits 1 when any sector failed.
        """
    )

    @OptionGroup var target: MinerOption

    /// Set once `validate()` passed.
    var miner: MinerID { target.miner ?? MinerID(0) }

    @Option(name: .customLong("dest-path"), help: ArgumentHelp("A lotus storage path that receives sealed/, cache/, update/, update-cache/ (repeatable: each sector goes whole to one, chosen as lotus chooses; the first holds .ferry/).", valueName: "dest-path"), transform: PathArgument.expand)
    var destPaths: [String] = []

    /// The first --dest-path: where `.ferry/` (journal, control file, shard map) lives.
    var destPath: String { destPaths.first ?? "" }

    @Option(name: .customLong("src"), help: ArgumentHelp("A damocles persist store (repeatable).", valueName: "store"), transform: PathArgument.expand)
    var sources: [String] = []

    @Flag(help: "Copy and keep the sources (damocles' --reserve).")
    var reserve = false

    @OptionGroup var sectorNumbers: SectorNumberOptions

    @Flag(help: "After a sector's files are verified at the destination, prove the destination copy (ferry check: cache consistency, CommR, challenges) before its sources are removed; a failed check keeps the sources and fails the sector.")
    var check = false

    @Option(name: .customLong("check-challenges"), help: "With --check: random replica challenges per sector.")
    var checkChallenges: Int = 16

    @Flag(name: .customLong("cleanup-sources"), help: "Second phase after --reserve: re-hash each sector's destination files from the device against the reserve run's journal, then delete that sector's sources.")
    var cleanupSources = false

    @Flag(name: .customLong("with-sector-key"), help: "For snap-upgraded sectors also export the sector key (sealed/ + cache/).")
    var withSectorKey = false

    @Flag(name: .customLong("allow-incomplete"), help: "Export the files incomplete sectors do have (default: refuse them).")
    var allowIncomplete = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan (sectors, files, bytes, rename or copy) and do nothing.")
    var dryRun = false

    @Option(name: .customLong("chain-api"), help: "A lotus or venus full node (multiaddr or URL): move sectors in WindowPoSt-deadline order, never start one whose deadline opens within --deadline-margin, and hold the disks of sectors whose deadline is open.")
    var chainAPI: String?

    @Option(name: .customLong("chain-token"), help: "The full node's API token (default: the one in FULLNODE_API_INFO, if any).")
    var chainToken: String?

    @Option(name: .customLong("deadline-margin"), help: "With --chain-api: never start a sector whose deadline opens within this (30m, 1h, 90s).")
    var deadlineMargin: String = "30m"

    @Option(name: .customLong("proving-bwlimit"), help: "With --chain-api: the rate of a disk holding sectors of an open deadline (0 pauses it).")
    var provingBwlimit: String = "0"

    @Option(name: .customLong("defer"), help: "With --chain-api: wait (default) for a deferred sector's window to pass within the run, or skip it (listed at the end; exit 1).")
    var deferMode: String = "wait"

    @OptionGroup var flags: TransferFlags

    var marginSeconds: Int64 { DurationText.seconds(deadlineMargin) ?? 1800 }
    var provingRate: UInt64 { provingBwlimit == "0" ? 0 : UInt64((try? ByteRate.parse(provingBwlimit)) ?? 0) }

    func validate() throws {
        guard DurationText.seconds(deadlineMargin) != nil else { throw ValidationError("--deadline-margin: write e.g. 30m, 1h or 90s") }
        guard provingBwlimit == "0" || (try? ByteRate.parse(provingBwlimit)) != nil else { throw ValidationError("--proving-bwlimit: write a rate (e.g. 20MiB) or 0 to pause") }
        guard ["wait", "skip"].contains(deferMode) else { throw ValidationError("--defer: wait or skip") }
        if cleanupSources && (reserve || dryRun) { throw ValidationError("--cleanup-sources removes what an earlier --reserve copied: it takes neither --reserve nor --dry-run") }
        if let problem = target.problem { throw ValidationError(problem) }
        guard !sources.isEmpty else { throw ValidationError("give at least one damocles store with --src") }
        try StoreArguments.require(sources)
        guard !destPaths.isEmpty else { throw ValidationError("give the lotus storage path with --dest-path") }
        let destinations = destPaths.map(FileSystem.absolute)
        for (index, destination) in destinations.enumerated() {
            for source in sources.map(FileSystem.absolute) where destination == source || destination.hasPrefix(source + "/") {
                throw ValidationError("--dest-path \(destPaths[index]) is inside the store \(source)")
            }
            if destinations[..<index].contains(destination) { throw ValidationError("--dest-path \(destPaths[index]) is given twice") }
        }
    }

    func run() async throws {
        // Before the scan: a second mover must not even plan from sectors the first is taking.
        let lock: StoreLock
        do {
            // Shards of one run move disjoint sectors (their partition is frozen): they share it.
            let sharded = flags.shard != nil || ((try? ShardSpec.fromEnvironment(ProcessInfo.processInfo.environment)) ?? nil) != nil
            lock = try StoreLock.acquire(stores: sources, exclusive: !reserve && !dryRun && !sharded)
        } catch {
            Stderr.write("ferry: \(error)\n")
            throw ExitCode(1)
        }
        defer { withExtendedLifetime(lock) {} }
        let scan = StoreScanner.scan(stores: sources, miner: miner, numbers: sectorNumbers.selection)
        let plan = SectorExportPlan(scan: scan, destination: destPath, withSectorKey: withSectorKey, allowIncomplete: allowIncomplete)
        var deadlines: ExportDeadlines?
        if let chainAPI {
            let token = chainToken ?? ProcessInfo.processInfo.environment["FULLNODE_API_INFO"].flatMap { $0.split(separator: ":").count > 1 ? String($0.split(separator: ":")[0]) : nil }
            do {
                deadlines = try await ExportDeadlines.fetch(api: chainAPI, token: token, miner: miner, sectors: scan.sectors.map(\.id.number),
                                                            margin: marginSeconds, provingLimit: provingRate, skip: deferMode == "skip")
            } catch {
                Stderr.write("ferry: --chain-api \(chainAPI): \(error)\n")
                throw ExitCode(1)
            }
        }
        if cleanupSources { return try SourceCleanupRunner(plan: plan, command: self, deadlines: deadlines).run() }
        let exporter = SectorExporter(plan: plan, scan: scan, command: self, deadlines: deadlines)
        try exporter.run()
    }
}
