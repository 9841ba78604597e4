import ArgumentParser
import Foundation
import Glibc
import ScaleOut
import TransferCore
import TransferIO

enum IOChoice: String, ExpressibleByArgument, CaseIterable {
    case uring, posix
}

enum ReflinkChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Flags shared by `copy` and `move` (and the sector export built on them).
struct TransferFlags: ParsableArguments {
    @Option(help: "At most this many worker threads, each with its own io_uring and share of --memory; a run starts as many as its device groups can carry streams.")
    var jobs: Int = 8

    @Option(name: .customLong("streams-per-device"), help: "Concurrent streams per device group, reading and writing (default: 1 read stream per rotational disk, 8 per non-rotational one; a destination takes as many as there are source groups). Set it when a disk misreports queue/rotational, as virtual disks do.")
    var streamsPerDevice: Int?

    @Option(name: .customLong("segment-size"), help: "A file of at least two segments of this size, whose source and destination devices each carry more than one stream, is copied by several workers at once, one segment at a time, each on its own io_uring; the verify pass re-reads it whole. 0: one worker per file.")
    var segmentSize: String = "256MiB"

    @Option(name: .customLong("queue-depth"), help: "I/O operations in flight per worker.")
    var queueDepth: Int = 32

    @Option(name: .customLong("chunk-size"), help: "Bytes per read/write (a multiple of 4 KiB, e.g. 4MiB).")
    var chunkSize: String = "4MiB"

    @Option(help: "Memory for transfer buffers, all workers together (e.g. 256MiB).")
    var memory: String = "256MiB"

    @Option(help: "I/O backend: uring (default; falls back to posix with a notice when io_uring is unavailable) or posix.")
    var io: IOChoice = .uring

    @Flag(help: "Replace destination files that exist with different content (default: refuse them).")
    var overwrite = false

    @Flag(help: "Print NDJSON events on stdout: start, one per file, summary.")
    var json = false

    @Option(help: "Journal location (default: <destination>/.ferry/journal).", transform: PathArgument.expand)
    var journal: String?

    @Flag(name: .customLong("journal-reset"), help: "Forget the journal's previous run (after printing what is forgotten) and start over.")
    var journalReset = false

    @Flag(help: "On resume, re-hash files that earlier runs committed instead of checking size and mtime.")
    var recheck = false

    @Option(help: "Write an xxh128sum manifest of every transferred file (check with: cd DIR && xxh128sum -c FILE).", transform: PathArgument.expand)
    var manifest: String?

    @Option(help: "Run only shard I of N (0-based, e.g. 0/4) of a byte-balanced partition by file, with its own journal. Default: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX with FERRY_SHARD_COUNT, when set.")
    var shard: String?

    @Option(help: "On one file system, clone files instead of copying their data (XFS with reflink, btrfs): auto (clone when the file system can, else copy), always (clone or fail the file), never.")
    var reflink: ReflinkChoice = .auto

    @OptionGroup var throttling: ThrottleFlags

    @OptionGroup var statsFlags: StatsFlags

    @Flag(help: "Create missing parent directories of the destination (default: only its last component, like mkdir; a typo or an unmounted disk would otherwise fill /).")
    var parents = false

    @Option(name: .customLong("min-free"), help: ArgumentHelp("Free space each destination file system keeps: a size (500GiB) or a percentage (2%). A file or sector that would leave less is not started; the run goes on with what fits and exits 1. Default: 1%, at least 1 GiB on file systems of 100 GiB or more.", valueName: "size|percent"))
    var minFree: String = "auto"

    var minFreeValue: MinFree? {
        let text = minFree.trimmingCharacters(in: .whitespaces)
        if text == "auto" { return .automatic }
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast()), percent >= 0, percent < 100 else { return nil }
            return .percent(percent)
        }
        return ByteCount.parse(text).map { .bytes(Int64($0)) }
    }

    @Option(name: .customLong("test-pause-at"), help: ArgumentHelp("Testing only: MOMENT[#N]:FILE — ({task} in FILE is the array task's index) the first (Nth) file to reach MOMENT (source-opened, copied, verified, committed) creates FILE and waits until it is removed.", visibility: .hidden))
    var testPauseAt: String?

    func validate() throws {
        guard minFreeValue != nil else { throw ValidationError("--min-free: write a size (500GiB), a percentage (2%) or auto; got '\(minFree)'") }
        if let testPauseAt, Self.pauseGate(testPauseAt) == nil {
            throw ValidationError("--test-pause-at: write MOMENT:FILE with MOMENT one of \(FileMoment.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let shard { _ = try ShardChoice.parse(shard) }
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        guard queueDepth >= 1, queueDepth <= 4096 else { throw ValidationError("--queue-depth must be between 1 and 4096") }
        guard let chunk = ByteCount.parse(chunkSize), chunk >= 64 << 10, chunk <= 1 << 30, chunk % 4096 == 0 else {
            throw ValidationError("--chunk-size must be a multiple of 4 KiB between 64KiB and 1GiB, e.g. 4MiB")
        }
        guard let budget = ByteCount.parse(memory) else { throw ValidationError("--memory: cannot read '\(memory)'; write e.g. 256MiB") }
        // Workers start only as many as the budget gives two chunks each (at most --jobs).
        guard budget >= 2 * chunk else {
            throw ValidationError("--memory \(memory) is too small for 2 chunks of \(chunkSize); raise --memory or lower --chunk-size")
        }
        guard let segment = ByteCount.parse(segmentSize), segment == 0 || segment >= chunk else {
            throw ValidationError("--segment-size must be 0 or at least --chunk-size (\(chunkSize)), e.g. 256MiB; got '\(segmentSize)'")
        }
        if let streamsPerDevice, streamsPerDevice < 1 || streamsPerDevice > 256 {
            throw ValidationError("--streams-per-device must be between 1 and 256")
        }
    }

    func options(mode: TransferMode) -> TransferOptions {
        var options = TransferOptions(mode: mode)
        options.jobs = jobs
        options.streamsPerDevice = streamsPerDevice
        options.queueDepth = queueDepth
        options.chunkSize = ByteCount.parse(chunkSize)!
        options.splitSegment = Int64(ByteCount.parse(segmentSize)!)
        options.memoryBudget = ByteCount.parse(memory)!
        options.io = io == .posix ? .posix : .uring
        options.overwrite = overwrite
        options.reflink = ReflinkMode(rawValue: reflink.rawValue)!
        TestSeams.apply(to: &options)
        options.momentHook = testPauseAt.flatMap(Self.pauseGate)
        options.space = SpaceGuard(minFree: minFreeValue ?? .automatic)
        return options
    }

    private static func pauseGate(_ text: String) -> (@Sendable (FileMoment, TransferItem) -> Void)? {
        guard let colon = text.firstIndex(of: ":"), text.index(after: colon) < text.endIndex else { return nil }
        // MOMENT or MOMENT#N: the Nth file to reach it.
        let parts = text[..<colon].split(separator: "#", maxSplits: 1)
        guard let first = parts.first, let moment = FileMoment(rawValue: String(first)) else { return nil }
        let nth = parts.count == 2 ? Int(parts[1]) : 1
        guard let nth, nth >= 1 else { return nil }
        // {task} is the array task's index, so each task of one job script has its own flag.
        let task = ProcessInfoEnvironment.value("SLURM_ARRAY_TASK_ID") ?? ProcessInfoEnvironment.value("JOB_COMPLETION_INDEX") ?? "0"
        let flag = String(text[text.index(after: colon)...]).replacingOccurrences(of: "{task}", with: task)
        return MomentGate.pauseOnce(at: moment, nth: nth, flagFile: flag)
    }
}

enum ProcessInfoEnvironment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}
