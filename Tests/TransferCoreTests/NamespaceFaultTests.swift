import Foundation
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Issue 12, item 4: faults at the namespace steps of the commit protocol (the rename into
/// place, the destination directory's fsync, the source's unlink, the source directory's
/// fsync, a move's rename), which `SimulatedQueue` never sees. After every fault: nothing lost,
/// nothing partial under a final name, the file's result and journal row say what happened, and
/// the same run without faults finishes the job.
@Suite(.tags(.fast)) struct NamespaceFaultTests {
    /// A small tree: an empty file, one over a page, one of several chunks, one two levels down.
    static let tree: [(path: String, size: Int)] = [("a", 0), ("b", 4097), ("d/c", 150_001), ("d/e/f", 64)]
    /// The file every targeted fault hits.
    static let target = "d/c"

    /// One tree to transfer, its destination and what every file must hash to.
    struct Bed {
        let scratch = Scratch()
        var originals: [String: Digest128] = [:]
        var source: String { scratch.sub("src") }
        /// `cp -r` into a directory: the same destination for the faulted run and its repeat.
        var destination: String { scratch.sub("dst") }

        init() {
            for (i, file) in NamespaceFaultTests.tree.enumerated() {
                originals[file.path] = scratch.write("src/" + file.path, size: file.size, seed: UInt64(i + 1))
            }
        }

        func sourcePath(_ file: String) -> String { source + "/" + file }
        /// How a fault plan names a file: below the directory holding SRC.
        func planned(_ file: String) -> String { "src/" + file }
        func atSource(_ file: String) -> Digest128? { Scratch.digest(of: sourcePath(file)) }
        func atDestination(_ file: String) -> Digest128? { Scratch.digest(of: destination + "/src/" + file) }

        func run(_ mode: TransferMode, io: IOBackendKind, faults: NamespaceFaultPlan?, jobs: Int = 1) throws -> TransferSession.Outcome {
            try Run.transfer([source], to: destination + "/", mode: mode, io: io) {
                $0.namespaceFaults = faults
                $0.jobs = jobs
                $0.chunkSize = 64 << 10
                $0.memoryBudget = 1 << 20
            }
        }

        func rows() throws -> [String: JournalRecord] {
            try JournalReader.records(at: destination + "/.ferry/journal")
        }
    }

    // MARK: - One fault at each step

    static let errors: [Errno] = [.ioError, .noSpace, .readOnlyFileSystem]

    @Test(arguments: [TransferMode.copy, .move], realBackends)
    func aFaultAtEachStepLosesNothingAndARepeatFinishes(mode: TransferMode, io: IOBackendKind) throws {
        for step in NamespaceStep.allCases {
            let choices = Self.errors + (step == .renameIntoPlace || step == .moveRename ? [.exists] : [])
            for error in choices {
                for performed in error == .exists ? [false] : [false, true] {
                    try checkOneFault(mode, io, step, NamespaceFault(error, performed: performed))
                }
            }
        }
    }

    private func checkOneFault(_ mode: TransferMode, _ io: IOBackendKind, _ step: NamespaceStep, _ fault: NamespaceFault) throws {
        let bed = Bed()
        let label = "\(mode) \(io.name) \(step.rawValue) \(fault.error)\(fault.performed ? " (performed)" : "")"
        // A move on one file system is a rename; but for the move-rename step itself, answer
        // EXDEV so that the move copies and reaches the other steps.
        let plan = NamespaceFaultPlan(seed: 0, errors: [], failAt: [.init(step, file: bed.planned(Self.target)): fault],
                                      crossDevice: step != .moveRename)
        let outcome = try bed.run(mode, io: io, faults: plan)
        let expected = Expected(mode, step, fault)
        let rows = try bed.rows()
        for (file, digest) in bed.originals {
            let result = outcome.results.first { $0.item.source == bed.sourcePath(file) }
            try #require(result != nil, "\(label): \(file) has no result")
            checkInvariants(bed, file, digest, result!, rows[bed.sourcePath(file)], mode, label)
            guard file == Self.target else {
                #expect(result!.succeeded, "\(label): \(file) was not faulted, yet \(result!.failure ?? "")")
                continue
            }
            #expect(result!.succeeded == !expected.fails, "\(label): \(result!.failure ?? "succeeded")")
            #expect((bed.atSource(file) != nil) == expected.atSource, "\(label): source")
            #expect((bed.atDestination(file) != nil) == expected.atDestination, "\(label): destination")
            if expected.fails {
                #expect(result!.failure?.hasPrefix(expected.reason) == true, "\(label): \(result!.failure ?? "")")
                #expect(result!.failureKind == expected.kind, "\(label): kind \(String(describing: result!.failureKind))")
            }
        }
        try checkRepeatFinishes(bed, mode, io, label)
    }

    /// What one fault of the target file must lead to.
    struct Expected {
        var fails = true
        var atSource = true
        var atDestination = false
        var reason = ""
        var kind: FileFailureKind?

        init(_ mode: TransferMode, _ step: NamespaceStep, _ fault: NamespaceFault) {
            kind = Self.kind(fault.error)
            switch step {
            case _ where mode == .copy && [.moveRename, .sourceUnlink, .sourceSync].contains(step):
                (fails, atDestination) = (false, true)  // A copy never reaches these steps.
            case .moveRename where fault.error == .exists:
                // EEXIST with nothing under the name: taken as "cannot rename", so it copies.
                (fails, atSource, atDestination) = (false, false, true)
            case .moveRename:
                (atSource, atDestination) = (!fault.performed, fault.performed)
                reason = "cannot move: \(fault.error)"
            case .renameIntoPlace:
                atDestination = fault.performed
                reason = fault.error == .exists ? "the destination appeared during the transfer" : "cannot put the file in place: \(fault.error)"
            case .destinationSync:
                // The name is in place but not durable: no commit, so the source stays.
                atDestination = true
                reason = "cannot put the file in place: \(fault.error)"
            case .sourceUnlink:
                (atSource, atDestination) = (!fault.performed, true)
                reason = "copied and verified, but the source could not be removed: \(fault.error)"
            case .sourceSync:
                // The commit was durable before the unlink: the move is done (FileJob says why).
                (fails, atSource, atDestination) = (false, false, true)
            }
        }

        static func kind(_ error: Errno) -> FileFailureKind? {
            switch error {
            case .noSpace: .noSpace
            case .readOnlyFileSystem: .readOnly
            case .exists: .destinationExists
            default: nil
            }
        }
    }

    /// A sector export's deferred removal (`TransferSession.removeSources`) goes through the
    /// same seam: a failed unlink keeps the source and its row `committed` (a repeat removes
    /// it); a failed directory fsync after the unlink is no failure.
    @Test(arguments: [NamespaceStep.sourceUnlink, .sourceSync])
    func deferredRemovalUnderAFault(step: NamespaceStep) throws {
        let bed = Bed()
        let target = bed.sourcePath(Self.target)
        var options = TransferOptions(mode: .move)
        options.io = .posix
        options.deferSourceRemoval = true
        options.namespaceFaults = NamespaceFaultPlan(seed: 0, errors: [], failAt: [.init(step, file: bed.planned(Self.target)): NamespaceFault(.ioError)],
                                                     crossDevice: true)
        let failures = try Self.moveDeferred(bed, options)
        let expected = step == .sourceUnlink ? [target: "copied and verified, but the source could not be removed: \(Errno.ioError)"] : [:]
        #expect(failures == expected)
        #expect((bed.atSource(Self.target) != nil) == (step == .sourceUnlink))
        let rows = try bed.rows()
        #expect(rows[target]?.state == (step == .sourceUnlink ? .committed : .sourceRemoved))
        for (file, digest) in bed.originals {
            #expect(bed.atDestination(file) == digest, "\(file)")
            if file != Self.target { #expect(rows[bed.sourcePath(file)]?.state == .sourceRemoved, "\(file)") }
        }
        try checkRepeatFinishes(bed, .move, .posix, "deferred \(step.rawValue)")
    }

    private static func moveDeferred(_ bed: Bed, _ options: TransferOptions) throws -> [String: String] {
        let plan = TransferPlanner.plan(sources: [bed.source], destination: bed.destination + "/")
        let session = try TransferSession(plan: plan, options: options, journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        let outcome = try session.run(recheck: false) { _ in }
        #expect(outcome.failed == 0, "\(outcome.results.compactMap(\.failure))")
        return try session.removeSources(of: outcome.results)
    }

    // MARK: - Random faults

    /// 60 seeds of random faults at every step of every file, both modes, both backends, one
    /// and two workers, some faults performed before they fail.
    @Test func randomNamespaceFaultsLoseNothingAndARepeatFinishes() throws {
        var failed = 0, succeeded = 0
        for seed in UInt64(1)...60 {
            let bed = Bed()
            let mode: TransferMode = seed % 2 == 0 ? .copy : .move
            let io: IOBackendKind = seed % 4 < 2 ? .posix : .uring
            let plan = NamespaceFaultPlan(seed: seed, rate: 0.2, errors: Self.errors + [.exists], performedChance: 0.3,
                                          crossDevice: seed % 3 != 0)
            let label = "seed \(seed) \(mode) \(io.name)"
            let outcome = try bed.run(mode, io: io, faults: plan, jobs: 1 + Int(seed % 2))
            let rows = try bed.rows()
            for (file, digest) in bed.originals {
                let result = outcome.results.first { $0.item.source == bed.sourcePath(file) }
                try #require(result != nil, "\(label): \(file) has no result")
                checkInvariants(bed, file, digest, result!, rows[bed.sourcePath(file)], mode, label)
                if result!.succeeded { succeeded += 1 } else { failed += 1 }
            }
            try checkRepeatFinishes(bed, mode, io, label)
        }
        // The rate is meant to produce both outcomes; seeds that fault nothing prove less.
        #expect(failed > 20 && succeeded > 20, "failed \(failed), succeeded \(succeeded)")
    }

    /// The plan is a pure function of (seed, file, step): the same faults whatever order the
    /// workers reach them in.
    @Test func aPlanDecidesTheSameWhateverTheOrder() {
        let plan = NamespaceFaultPlan(seed: 7, rate: 0.5, errors: Self.errors, performedChance: 0.5)
        let files = (0..<50).map { "/src/f\($0)" }
        let forward = files.flatMap { file in NamespaceStep.allCases.map { plan.fault($0, file: file) } }
        let backward = files.reversed().flatMap { file in NamespaceStep.allCases.map { plan.fault($0, file: file) } }
        #expect(forward == Array(backward.chunked(NamespaceStep.allCases.count).reversed().joined()))
        #expect(forward.contains(nil) && forward.contains { $0 != nil })
        #expect(NamespaceFaultPlan(seed: 7, rate: 1, errors: [.exists]).fault(.sourceSync, file: "/x")?.error == .ioError,
                "EEXIST means nothing to an fsync")
    }

    /// A seed's faults land on the same files and steps in another scratch directory, with two
    /// workers on io_uring (whose completions come back in any order): a failure replays.
    @Test func aSeedReplaysInAnotherDirectory() throws {
        for seed in UInt64(1)...6 {
            let plan = NamespaceFaultPlan(seed: seed, rate: 0.3, errors: Self.errors, performedChance: 0.3, crossDevice: true)
            let runs = try (0..<2).map { _ in
                let bed = Bed()
                let outcome = try bed.run(.move, io: .uring, faults: plan, jobs: 2)
                return outcome.results.map { "\(bed.planned(String($0.item.source.dropFirst(bed.source.count + 1)))): \($0.failure ?? "ok")" }.sorted()
            }
            #expect(runs[0] == runs[1], "seed \(seed)")
        }
    }

    // MARK: - Invariants

    /// Nothing lost, nothing partial under a final name, the result and the row agree.
    private func checkInvariants(_ bed: Bed, _ file: String, _ digest: Digest128, _ result: FileResult, _ row: JournalRecord?,
                                 _ mode: TransferMode, _ label: String) {
        let atSource = bed.atSource(file), atDestination = bed.atDestination(file)
        #expect(atSource == digest || atDestination == digest, "\(label): \(file) LOST")
        #expect(atSource == nil || atSource == digest, "\(label): \(file) source damaged")
        #expect(atDestination == nil || atDestination == digest, "\(label): \(file) partial under its final name")
        #expect((try? FileSystem.listDirectory(bed.destination + "/.ferry/staging"))?.isEmpty ?? true,
                "\(label): staging left behind")
        guard let row else { return #expect(Bool(false), "\(label): \(file) has no journal row") }
        if result.succeeded {
            #expect(atDestination == digest, "\(label): \(file) succeeded but is not at the destination")
            #expect(mode == .copy || atSource == nil, "\(label): \(file) moved but its source is still there")
            #expect(row.state == (mode == .copy ? .committed : .sourceRemoved), "\(label): \(file) row \(row.state)")
        } else {
            #expect(row.state == .failed, "\(label): \(file) failed but its row says \(row.state)")
            #expect(row.failure == result.failure && !(result.failure ?? "").isEmpty, "\(label): \(file)")
            checkKind(result, label)
        }
        #expect(row.state.progress(mode) == .done || row.state.progress(mode) == .failed, "\(label): \(file) left \(row.state)")
    }

    /// An errno a caller acts on is typed, whatever step it came from.
    private func checkKind(_ result: FileResult, _ label: String) {
        let reason = result.failure ?? ""
        if reason.contains(Errno.noSpace.description) { #expect(result.failureKind == .noSpace, "\(label): \(reason)") }
        if reason.contains(Errno.readOnlyFileSystem.description) { #expect(result.failureKind == .readOnly, "\(label): \(reason)") }
        if reason.hasPrefix("the destination appeared") { #expect(result.failureKind == .destinationExists, "\(label): \(reason)") }
    }

    /// The same command without faults: every file whole at the destination, a move's sources gone.
    private func checkRepeatFinishes(_ bed: Bed, _ mode: TransferMode, _ io: IOBackendKind, _ label: String) throws {
        // A move that took the whole SRC tree away, with a row not yet `sourceRemoved` (an unlink
        // or rename done yet answered an error): the repeat finishes that row and must not
        // report SRC as a missing source (it did until `TransferSession.outstanding` asked
        // `ResumeDecision` instead of the recorded state).
        let again = try bed.run(mode, io: io, faults: nil)
        #expect(again.results.allSatisfy { $0.succeeded }, "\(label), repeated: \(again.results.compactMap(\.failure))")
        #expect(again.problems.isEmpty, "\(label), repeated: \(again.problems.map(\.message))")
        for (file, digest) in bed.originals {
            #expect(bed.atDestination(file) == digest, "\(label), repeated: \(file) not at the destination")
            #expect(mode == .copy ? bed.atSource(file) == digest : bed.atSource(file) == nil, "\(label), repeated: \(file) source")
        }
        let rows = try bed.rows()
        #expect(rows.values.allSatisfy { $0.state.progress(mode) == .done }, "\(label), repeated: \(rows.values.map(\.state))")
    }
}

extension Array {
    fileprivate func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
