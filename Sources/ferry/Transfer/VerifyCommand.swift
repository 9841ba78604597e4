import ArgumentParser
import Foundation
import ScaleOut
import TransferCore
import TransferHash
import TransferIO

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash files from the device and compare them with a manifest or a journal.",
        discussion: """
        With --manifest, every line is checked and files under PATH that the manifest does not list are \
        reported as extra. With --journal, every committed file of the run is checked against its recorded \
        XXH128. Without either, prints xxh128sum-style lines for the files under PATH. Exit status 0 only \
        when everything is ok.
        """
    )

    @Argument(help: "Files or directories to check.", transform: PathArgument.expand)
    var paths: [String] = []

    @Option(help: "An xxh128sum manifest (as written by --manifest or xxh128sum).", transform: PathArgument.expand)
    var manifest: String?

    @Option(help: "A ferry journal: check every file it committed.", transform: PathArgument.expand)
    var journal: String?

    @Flag(help: "NDJSON on stdout: one event per file, then a summary.")
    var json = false

    @Option(help: "Worker threads.")
    var jobs: Int = 2

    @Option(help: "I/O backend: uring or posix.")
    var io: IOChoice = .uring

    @Option(help: "Check only shard I of N (0-based, e.g. 0/4), partitioned by file and bytes. Default: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX with FERRY_SHARD_COUNT, when set.")
    var shard: String?

    @OptionGroup var throttling: ThrottleFlags

    @OptionGroup var statsFlags: StatsFlags

    func validate() throws {
        if manifest != nil && journal != nil { throw ValidationError("give --manifest or --journal, not both") }
        if paths.isEmpty && manifest == nil && journal == nil { throw ValidationError("give PATH..., --manifest FILE or --journal PATH") }
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        if let shard { _ = try ShardChoice.parse(shard) }
    }

    func run() async throws {
        let writer = EventWriter(json: json)
        let (expected, journalRoots) = try reference(writer)
        let manifestPath = manifest.map(FileSystem.absolute)
        let found = paths.flatMap { Self.files(under: FileSystem.absolute($0)) }.filter { $0 != manifestPath }
        let scope = paths.map(FileSystem.absolute)
        var targets = Array(Set(expected.keys).union(found)).sorted()
        if let spec = try ShardChoice.resolve(shard, notice: { writer.error("ferry: \($0)") }) {
            targets = ShardedTransfer.restrict(targets, scope: scope, to: spec)
        }
        let started = Date()
        // No link is followed below the manifest's directory, the PATH arguments or a journal's
        // destination roots: a directory swapped for a link must not be vouched for.
        let roots = Array(Set((manifestPath.map { [FileSystem.parentDirectory(of: $0)] } ?? []) + scope + journalRoots))
        let digests = try hash(targets, roots: roots, scope: scope, writer: writer)
        var counts = ["ok": 0, "mismatch": 0, "missing": 0, "extra": 0, "error": 0]
        var bytes: Int64 = 0
        for path in targets {
            let (status, detail) = classify(path, digests[path], expected: expected[path], scope: scope, writer: writer)
            counts[status, default: 0] += 1
            if case .success? = digests[path] { bytes += (try? FileSystem.status(path).size) ?? 0 }
            if json {
                var object: [String: Any] = ["event": "file", "path": path, "status": status]
                if let detail { object[status == "ok" || status == "extra" ? "xxh128" : "detail"] = detail }
                writer.emit(object)
            } else if status != "ok" {
                writer.line("\(status.uppercased()): \(path)\(detail.map { " (\($0))" } ?? "")")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            writer.summary(files: targets.count, bytes: bytes, failed: targets.count - counts["ok"]!, seconds: seconds,
                           ["ok": counts["ok"]!, "mismatch": counts["mismatch"]!, "missing": counts["missing"]!,
                            "extra": counts["extra"]!, "error": counts["error"]!])
        } else {
            writer.line("verified \(targets.count) file(s) in \(String(format: "%.2f", seconds)) s: ok \(counts["ok"]!), mismatch \(counts["mismatch"]!), missing \(counts["missing"]!), extra \(counts["extra"]!), errors \(counts["error"]!)")
        }
        if counts["ok"]! != targets.count { throw ExitCode(1) }
    }

    /// The digests to compare with (from --manifest or --journal) and the journal's roots.
    private func reference(_ writer: EventWriter) throws -> ([String: Digest128], [String]) {
        var expected: [String: Digest128] = [:]
        var journalRoots: [String] = []
        do {
            if let manifest {
                for entry in try Manifest.read(manifest) { expected[entry.path] = entry.digest }
            } else if let journal {
                for record in try JournalReader.records(at: journal).values where record.state >= .committed && record.state != .failed {
                    if let digest = record.digestValue { expected[record.item.destination] = digest }
                    journalRoots.append(record.item.anchoredDestination.root)
                }
            }
        } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(2)
        }
        return (expected, journalRoots)
    }

    /// Hashes every target from the device through the workers, under the progress display.
    private func hash(_ targets: [String], roots: [String], scope: [String], writer: EventWriter) throws -> [String: Result<Digest128, HashFailure>] {
        var options = TransferOptions(mode: .copy)
        options.jobs = jobs
        options.io = io == .posix ? .posix : .uring
        TestSeams.apply(to: &options)
        // verify writes nothing: `ferry throttle --dest-path D` reaches it through D's control file
        // when D is the (first) PATH checked.
        options.throttle = throttling.throttle(ferryDirectory: scope.first.map { $0 + "/.ferry" })
        throttling.applyPriority(to: &options, paths: scope) { writer.handle(.notice($0)) }
        options.memoryBudget = max(options.memoryBudget, jobs * 2 * options.chunkSize)
        let counters = TransferCounters()
        let totalBytes = targets.reduce(Int64(0)) { $0 + ((try? FileSystem.status($1).size) ?? 0) }
        let monitor = RunMonitor(counters: counters, tracker: nil, fileCount: targets.count,
                                 settings: .init(totalBytes: totalBytes, work: .hashOnly, statsInterval: statsFlags.seconds, throttle: options.throttle))
        monitor.start()
        do {
            let digests = try TransferEngine.hash(targets, roots: roots, options: options, counters: counters) { writer.handle($0) }
            monitor.finish(.finished)
            return digests
        } catch {
            monitor.finish(.failed)
            throw error
        }
    }

    /// One file's verdict (ok, mismatch, missing, extra, error) and its detail; without a
    /// reference, prints the xxh128sum line.
    private func classify(_ path: String, _ result: Result<Digest128, HashFailure>?, expected want: Digest128?,
                          scope: [String], writer: EventWriter) -> (String, String?) {
        let haveReference = manifest != nil || journal != nil
        switch (result, want) {
        case (.success(let digest)?, let want?):
            return digest == want ? ("ok", nil) : ("mismatch", "expected \(want.hex), read \(digest.hex)")
        case (.success(let digest)?, nil):
            if !haveReference && !json { writer.line("\(digest.hex)  \(path)") }
            guard haveReference else { return ("ok", digest.hex) }
            let inScope = scope.contains { path == $0 || path.hasPrefix($0 + "/") }
            return (inScope ? "extra" : "ok", digest.hex)
        case (.failure(let failure)?, _):
            return failure.message == "missing" ? ("missing", nil) : ("error", failure.message)
        case (nil, _):
            return ("error", "not hashed")
        }
    }

    /// Regular files under a path, skipping ferry's own `.ferry/` directories.
    static func files(under path: String) -> [String] {
        guard let status = try? FileSystem.status(path) else { return [path] }
        switch status.kind {
        case .regular: return [path]
        case .directory:
            guard FileSystem.baseName(of: path) != ".ferry", let names = try? FileSystem.listDirectory(path) else { return [] }
            return names.flatMap { files(under: path + "/" + $0) }
        default: return []
        }
    }
}
