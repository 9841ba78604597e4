import ArgumentParser
import Foundation
import ScaleOut
import TransferCore
import TransferHash
import TransferIO

/// The part of `copy` and `move` after flag parsing: plan, run, print, exit status.
struct TransferCommandRunner {
    let verb: String
    let paths: [String]
    let flags: TransferFlags
    let options: TransferOptions

    func run() throws {
        let writer = EventWriter(json: flags.json)
        let shard = try ShardChoice.resolve(flags.shard) { writer.error("ferry: \($0)") }
        let plan = try makePlan(shard: shard, writer: writer)
        let journalPath = flags.journal.map(FileSystem.absolute)
            ?? plan.destinationRoot + "/.ferry/" + (shard?.journalName ?? "journal")
        try preflight(plan, journalPath: journalPath, writer: writer)
        var options = self.options
        options.throttle = flags.throttling.throttle(ferryDirectory: plan.destinationRoot + "/.ferry")
        flags.throttling.applyPriority(to: &options, paths: plan.sources + [plan.destinationRoot]) { writer.handle(.notice($0)) }
        let session = try openSession(plan, options: options, journalPath: journalPath, writer: writer)
        let (outcome, failed) = try transfer(session, shard: shard, options: options, writer: writer)
        summarize(outcome, failed: failed, throttle: options.throttle, writer: writer)
        if failed > 0 { throw ExitCode(1) }
    }

    /// The plan like `cp -r` (or as the first run chose), restricted to a shard, its manifest checked.
    private func makePlan(shard: ShardSpec?, writer: EventWriter) throws -> TransferPlan {
        let sources = Array(paths.dropLast())
        var plan = TransferPlanner.plan(sources: sources, destination: paths.last!,
                                        intoDirectory: shard != nil ? ShardedTransfer.intoDirectory(paths) : earlierChoice(sources: sources))
        if let shard { plan = try ShardChoice.restrict(plan, to: shard) { writer.error("ferry: \($0)") } }
        if let manifest = flags.manifest {
            do { try Manifest.preflight(manifest, destinations: plan.items.map(\.destination)) } catch {
                writer.error("ferry: \(error)")
                throw ExitCode(2)
            }
        }
        return plan
    }

    /// As an earlier run of this command planned, so a rerun resumes it instead of nesting into DEST.
    private func earlierChoice(sources: [String]) -> Bool? {
        EarlierRun.intoDirectory(operation: options.mode, sources: sources, destinationArgument: paths.last!, journal: flags.journal)
    }

    /// Everything refused before a directory is made: nothing to do, a missing parent, missing
    /// permissions, a duplicate run. Then where the data goes, and the destination itself.
    private func preflight(_ plan: TransferPlan, journalPath: String, writer: EventWriter) throws {
        // Nothing to do and no earlier run to finish: refuse without creating anything. With a
        // journal, a missing source may be one an earlier run moved away whole.
        if plan.items.isEmpty && !plan.problems.isEmpty && plan.directories.isEmpty && !FileSystem.exists(journalPath) {
            for problem in plan.problems { writer.error("ferry: \(problem.path): \(problem.message)") }
            throw ExitCode(1)
        }
        if let refusal = Preflight.destination(plan.destination, parents: flags.parents)
            ?? Preflight.permissions(writes: [plan.destinationRoot] + plan.directories,
                                     deletesFrom: options.mode == .move ? plan.items.map { FileSystem.parentDirectory(of: $0.source) } : []) {
            writer.error("ferry: \(refusal)")
            throw ExitCode(1)
        }
        if let duplicate = EarlierRun.duplicate(of: plan, operation: options.mode, destinationArgument: paths.last!, journal: journalPath) {
            writer.error("ferry: \(duplicate)")
            throw ExitCode(1)
        }
        if !flags.json {
            writer.error("ferry: " + Preflight.describe(destination: plan.destination))
            if let warning = Preflight.rootWarning(destination: plan.destination) { writer.error("ferry: " + warning) }
        }
        do {
            try FileSystem.makeDirectories(plan.destinationRoot)
        } catch {
            writer.error("ferry: cannot create the destination \(plan.destinationRoot): \(error)")
            throw ExitCode(1)
        }
    }

    private func openSession(_ plan: TransferPlan, options: TransferOptions, journalPath: String, writer: EventWriter) throws -> TransferSession {
        let session: TransferSession
        do {
            session = try TransferSession(plan: plan, options: options, journalPath: journalPath, reset: flags.journalReset) {
                writer.handle(.notice($0))
            }
        } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(1)
        }
        if flags.json {
            writer.emit(["event": "start", "operation": options.mode.rawValue, "files": plan.items.count, "bytes": plan.totalBytes,
                         "destination": plan.destination, "journal": session.journal.path, "io": options.io.name])
        }
        for problem in session.problems {
            if flags.json {
                writer.emit(["event": "file", "source": problem.path, "status": "failed", "error": problem.message])
            } else {
                writer.error("ferry: \(problem.path): \(problem.message)")
            }
        }
        return session
    }

    /// Runs the session under the progress display; returns the outcome and how many failed
    /// (a manifest that cannot be written counts).
    private func transfer(_ session: TransferSession, shard: ShardSpec?, options: TransferOptions,
                          writer: EventWriter) throws -> (TransferSession.Outcome, Int) {
        let plan = session.plan
        let tracker = UnitTracker(files: plan.items.count)
        let monitor = RunMonitor.forRun(session: session, tracker: tracker, totalBytes: plan.totalBytes, verifying: options.verify,
                                        operation: options.mode.rawValue, destination: plan.destination, flags: flags, throttle: options.throttle)
        monitor.start()
        defer { session.journal.close() }
        let outcome: TransferSession.Outcome
        if shard != nil { ShardRunLog.started(journal: session.journal.path, shard: shard) }
        do {
            outcome = try session.run(recheck: flags.recheck) { event in
                tracker.record(event)
                writer.handle(event)
            }
            if shard != nil { ShardRunLog.ended(journal: session.journal.path, shard: shard, outcome: outcome) }
        } catch {
            monitor.finish(.failed)
            writer.error("ferry: \(error)")
            throw ExitCode(1)
        }
        var failed = outcome.failed
        if let manifest = flags.manifest, let problem = ManifestWriter.write(outcome.results, to: manifest, options: options) {
            writer.error("ferry: cannot write the manifest: \(problem)")
            failed += 1
        }
        monitor.finish(failed > 0 ? .failed : .finished)
        return (outcome, failed)
    }

    private func summarize(_ outcome: TransferSession.Outcome, failed: Int, throttle: Throttle?, writer: EventWriter) {
        let held = throttle?.stats
        let ok = outcome.results.filter(\.succeeded)
        let fresh = ok.filter { !$0.resumed }
        let renamed = fresh.filter { $0.method == .rename }.count
        let copiedResults = fresh.filter { $0.method == .copy }
        let present = fresh.filter { $0.method == .alreadyPresent }.count
        let reflinked = fresh.filter { $0.method == .reflink }.count
        let copiedBytes = copiedResults.reduce(Int64(0)) { $0 + $1.item.size }
        let allBytes = ok.reduce(Int64(0)) { $0 + $1.item.size }
        if flags.json {
            writer.emit(["event": "summary", "files": ok.count + failed, "ok": ok.count, "failed": failed,
                         "renamed": renamed, "copied": copiedResults.count, "already_present": present, "reflinked": reflinked,
                         "resumed": ok.count - fresh.count, "bytes": allBytes, "bytes_copied": copiedBytes,
                         "seconds": (outcome.seconds * 1000).rounded() / 1000,
                         "bytes_per_second": outcome.seconds > 0 ? Int(Double(copiedBytes) / outcome.seconds) : 0,
                         "throttled_seconds": held?.throttledSeconds ?? 0, "paused_seconds": held?.pausedSeconds ?? 0])
            return
        }
        var parts = ["\(verb) \(ok.count) file(s), \(ByteCount.format(allBytes)) in \(String(format: "%.2f", outcome.seconds)) s"]
        if copiedBytes > 0 { parts.append("copied \(copiedResults.count) at \(ByteCount.rate(copiedBytes, seconds: outcome.seconds))\(options.verify ? " (verified)" : " (not verified)")") }
        if renamed > 0 { parts.append("renamed \(renamed)") }
        if reflinked > 0 { parts.append("reflinked \(reflinked) (extents shared, hashed from the device)") }
        if present > 0 { parts.append("already present \(present)") }
        if ok.count > fresh.count { parts.append("done by an earlier run \(ok.count - fresh.count)") }
        if let held { parts += ThrottleSummary.parts(held) }
        parts.append("failed \(failed)")
        writer.line(parts.joined(separator: "; "))
    }
}

/// What the throttle cost a run, for the summary line ("throttled 12.3 s at 100 MiB/s").
enum ThrottleSummary {
    static func parts(_ stats: Throttle.Stats) -> [String] {
        var parts: [String] = []
        if stats.throttledSeconds >= 0.05 {
            let limit = stats.rate.map { " at \(ByteCount.format($0))/s" } ?? ""
            parts.append(String(format: "throttled %.1f s", stats.throttledSeconds) + limit)
        }
        if stats.pausedSeconds >= 0.05 { parts.append(String(format: "paused %.1f s (ferry throttle)", stats.pausedSeconds)) }
        return parts
    }
}
