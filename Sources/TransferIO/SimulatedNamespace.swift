/// The fault model of the namespace steps (the ring's reads, writes and fsyncs are
/// `SimulatedQueue`'s):
///
/// | step               | faults injected                 | what the engine must do                          |
/// |--------------------|---------------------------------|--------------------------------------------------|
/// | move-rename        | EIO, ENOSPC, EROFS; EXDEV       | fail the file, source whole; EXDEV: copy instead |
/// | rename-into-place  | EIO, ENOSPC, EROFS, EEXIST      | fail the file, source whole, nothing under the   |
/// |                    |                                 | final name unless the rename was performed       |
/// | destination-sync   | EIO, ENOSPC, EROFS              | fail the file: the name is not durable, so the   |
/// |                    |                                 | source stays (a re-run adopts the whole copy)    |
/// | source-unlink      | EIO, ENOSPC, EROFS              | fail the file (committed → failed), copy in place|
/// | source-sync        | EIO, ENOSPC, EROFS              | nothing: the commit is durable (FileJob says why)|
///
/// A fault either does nothing, or (`performed`) carries the operation out and still answers
/// the error: a reply the caller cannot tell from a failure, as after a lost NFS reply or a
/// journal commit that failed after the change was applied in memory. Whether a (file, step)
/// fails depends only on the seed, the file (its path below its SRC argument's directory) and
/// the step, never on the order in which threads reach it nor on where the tree lies, so a
/// failing seed replays on either I/O backend, with any number of workers, in any scratch
/// directory.
public struct NamespaceFaultPlan: Sendable, Equatable {
    public struct Target: Hashable, Sendable {
        public var step: NamespaceStep
        /// The file's source path below the directory holding its SRC argument: `src/d/c`
        /// for `/scratch/src/d/c` planned from `/scratch/src`.
        public var file: String

        public init(_ step: NamespaceStep, file: String) {
            self.step = step
            self.file = file
        }
    }

    public var seed: UInt64
    /// Chance per (file, step) of a fault drawn from `errors`.
    public var rate: Double
    /// What a random fault answers. EEXIST only means something to a rename; any other step
    /// drawing it answers EIO.
    public var errors: [Errno]
    /// Chance that a random fault's operation was performed before the error came back.
    public var performedChance: Double
    /// Exactly these faults, whatever `rate` draws.
    public var failAt: [Target: NamespaceFault]
    /// Every move rename answers EXDEV without doing anything, as between two file systems, so
    /// a move on one file system copies, commits and unlinks: the steps under test.
    public var crossDevice: Bool

    public init(seed: UInt64, rate: Double = 0, errors: [Errno] = [.ioError], performedChance: Double = 0,
                failAt: [Target: NamespaceFault] = [:], crossDevice: Bool = false) {
        self.seed = seed
        self.rate = rate
        self.errors = errors
        self.performedChance = performedChance
        self.failAt = failAt
        self.crossDevice = crossDevice
    }

    /// The fault of `step` of `file`, if the plan has one: a pure function of the plan.
    public func fault(_ step: NamespaceStep, file: String) -> NamespaceFault? {
        if crossDevice && step == .moveRename { return NamespaceFault(.crossDevice) }
        if let chosen = failAt[Target(step, file: file)] { return chosen }
        guard !errors.isEmpty else { return nil }
        var rng = SplitMix64(seed: seed ^ Self.fnv1a(file) ^ (UInt64(NamespaceStep.allCases.firstIndex(of: step)!) &* 0x9E37_79B9))
        guard rng.chance(rate) else { return nil }
        var error = errors[Int(rng.next() % UInt64(errors.count))]
        if error == .exists && step != .renameIntoPlace && step != .moveRename { error = .ioError }
        return NamespaceFault(error, performed: rng.chance(performedChance))
    }

    /// The namespace the engine uses for `file`'s steps under this plan.
    public func namespace(for file: String) -> any Namespace {
        SimulatedNamespace(plan: self, file: file)
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// One injected namespace failure.
public struct NamespaceFault: Sendable, Equatable {
    public var error: Errno
    /// The operation was carried out before `error` was answered.
    public var performed: Bool

    public init(_ error: Errno, performed: Bool = false) {
        self.error = error
        self.performed = performed
    }
}

/// The real namespace operations of one file, failing where its plan says.
struct SimulatedNamespace: Namespace {
    let plan: NamespaceFaultPlan
    let file: String
    private let real = DirectNamespace()

    func rename(_ step: NamespaceStep, _ name: String, in directory: DirectoryHandle, to target: DirectoryHandle,
                as newName: String, replacing: Bool) throws(Errno) {
        try inject(step) { () throws(Errno) in
            try real.rename(step, name, in: directory, to: target, as: newName, replacing: replacing)
        }
    }

    func unlink(_ step: NamespaceStep, _ name: String, in directory: DirectoryHandle) throws(Errno) {
        try inject(step) { () throws(Errno) in try real.unlink(step, name, in: directory) }
    }

    func sync(_ step: NamespaceStep, _ directory: DirectoryHandle) throws(Errno) {
        try inject(step) { () throws(Errno) in try real.sync(step, directory) }
    }

    private func inject(_ step: NamespaceStep, _ operation: () throws(Errno) -> Void) throws(Errno) {
        guard let fault = plan.fault(step, file: file) else { return try operation() }
        if fault.performed { try operation() }
        throw fault.error
    }
}
