public import TransferIO
import Glibc
import Synchronization

public enum TransferMode: String, Sendable, Codable {
    case copy
    case move
}

/// Knobs of one run. Defaults suit one NVMe or a few HDDs on a small host.
public struct TransferOptions: Sendable {
    public var mode: TransferMode
    public var verify = true
    public var overwrite = false
    /// At most this many worker threads, each with its own ring and share of the buffer memory;
    /// the run starts as many as its device groups can carry streams (`StreamPlan.concurrency`).
    public var jobs = 8
    /// `--streams-per-device`: concurrent streams per device group, both sides; nil = the
    /// defaults of `StreamLimits` (by `queue/rotational`).
    public var streamsPerDevice: Int?
    /// Files smaller than this are no stream (`StreamScheduler`): they run beside the streams.
    public var smallFile: Int64 = 8 << 20
    /// A file of at least two segments of this size whose source and destination groups both
    /// carry more than one stream is copied by several workers at once, each on its own ring,
    /// one segment at a time (`SplitShare`); 0 copies every file on one ring. Only with `verify`:
    /// the file's digest then comes from the verify pass, which re-reads it whole.
    public var splitSegment: Int64 = 256 << 20
    /// Asked right before a file would start; a reason ends the file as failed with that reason
    /// (`FileFailureKind.declined`), untouched. An export sends the sectors of a full path elsewhere.
    public var decline: (@Sendable (TransferItem) -> String?)?
    /// Operations in flight per worker.
    public var queueDepth = 32
    public var chunkSize = 4 << 20
    /// All transfer buffers together; split evenly between workers.
    public var memoryBudget = 256 << 20
    public var io: IOBackendKind = .uring
    /// Files a worker keeps open at once (small files overlap; large files get all buffers).
    public var filesPerWorker = 8
    /// Move mode: commit each file but leave its source for the caller to remove once a whole
    /// group (a sector) is committed, so a failure never splits a sector across two stores.
    /// Renames are atomic per file and happen regardless.
    public var deferSourceRemoval = false
    /// Clone instead of copying when source and destination share a file system.
    public var reflink = ReflinkMode.auto
    /// `--bwlimit`, `--bwlimit-device`, `ferry throttle`: shared by every worker of the run.
    public var throttle: Throttle?
    /// `--io-priority`: the class of every read and write (nil: the kernel's default).
    public var ioPriority: IOPriority?
    /// Whether a file may start now (export --chain-api: not while its WindowPoSt deadline is
    /// near). Files of one lane (source group → destination group) start in order, so a file
    /// not yet allowed holds the ones after it in its lane; other lanes go on.
    public var startGate: (@Sendable (TransferItem) -> Bool)?
    /// `--min-free`; nil checks nothing (the engine's own tests, which fill small file systems).
    public var space: SpaceGuard?
    /// Test seam: corrupt the staged destination of files whose name contains this string,
    /// after it was synced and before it is verified.
    public var corruptAfterSync: String?
    /// Test seam: called on the worker thread at each `FileMoment` of a copied file, so a test
    /// can change the file system exactly there (rename a file over the source, swap a directory
    /// for a link) with no timing involved.
    public var momentHook: (@Sendable (FileMoment, TransferItem) -> Void)?
    /// Test seam: called on the worker thread that claims each segment of a split file (before
    /// its first read), so a test can hold one participant until another has joined.
    public var segmentClaimed: (@Sendable (TransferItem, Int) -> Void)?
    /// Test seam: the journal writer SIGKILLs the process right after this many durable
    /// transitions, as a power cut would (the kill sweeps).
    public var killAfterTransitions: Int?
    /// Test seam: behave as on a host where io_uring is disabled (sysctl, seccomp), which cannot
    /// be set for one process without affecting the whole machine.
    public var uringDisabled = false
    /// Test seam: fail the renames, unlinks and directory fsyncs of the commit protocol where
    /// the plan says (`SimulatedNamespace`); nil in production, where they are the system calls.
    public var namespaceFaults: NamespaceFaultPlan?

    public init(mode: TransferMode) {
        self.mode = mode
    }

    /// Through what `item` is renamed, unlinked and its directories synced. A fault plan
    /// knows a file by its path below the directory holding its SRC argument, so that a seed
    /// replays the same faults in any scratch directory.
    func namespace(for item: TransferItem) -> any Namespace {
        namespaceFaults?.namespace(for: item.anchoredSource.relative) ?? DirectNamespace()
    }

    /// Buffers per worker and their size, after clamping to what the budget allows.
    var slotsPerWorker: Int {
        max(2, memoryBudget / max(1, jobs) / chunkSize)
    }
}

/// Points in a copied file's life where the outside world may have changed the source.
public enum FileMoment: String, Sendable, CaseIterable {
    /// The source is open and pinned; its bytes are about to be read.
    case sourceOpened = "source-opened"
    /// Every byte was read and written; the destination is not yet synced or verified.
    case copied
    /// The destination read back equal; it is about to be put under its final name.
    case verified
    /// The commit is durable; the source is about to be deleted (moves only).
    case committed
}

/// A `momentHook` for tests that drive the real binary (the fault bed): the `nth` file to reach
/// `moment` (the first by default) creates `flagFile`, writes the file's source path into it and
/// waits until the test removes it. The
/// test changes the file system in between; a handshake through the file system, not a sleep.
public enum MomentGate {
    public static func pauseOnce(at moment: FileMoment, nth: Int = 1, flagFile: String) -> @Sendable (FileMoment, TransferItem) -> Void {
        let reached = Atomic<Int>(0)
        return { at, item in
            guard at == moment, reached.add(1, ordering: .relaxed).newValue == nth else { return }
            guard let fd = try? FileSystem.open(flagFile, .createExclusive) else { return }
            // Which file is held: a test of order reads it.
            var name = item.source
            _ = name.withUTF8 { try? FileSystem.write(fd: fd, from: UnsafeRawBufferPointer($0), offset: 0) }
            FileSystem.close(fd)
            while FileSystem.exists(flagFile) { usleep(5000) }
        }
    }
}

/// `--reflink`: whether a copy on one file system shares extents instead of moving data.
public enum ReflinkMode: String, Sendable, CaseIterable {
    /// Clone when the file system can; copy otherwise.
    case auto
    /// Clone or fail the file (never copy its data).
    case always
    /// Always copy the data.
    case never
}
