import ArgumentParser
import Foundation
import ScaleOut
import TransferCore

/// `--shard I/N` for the transfer commands, or the scheduler's variables when the flag is absent:
/// ScaleOut decides, this maps its refusals to the CLI's exit statuses.
/// `export files` reuses this: resolve, plan with `intoDirectory`, restrict, journal `spec.journalName`.
enum ShardChoice {
    static func parse(_ text: String) throws -> ShardSpec {
        do {
            return try ShardSpec.parse(text)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The flag's shard, else the scheduler's (saying which it took), else none. A broken
    /// scheduler environment is a usage error: guessing would run the wrong files.
    static func resolve(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                        notice: (String) -> Void) throws -> ShardSpec? {
        if let flag { return try parse(flag) }
        do {
            guard let (spec, line) = try ShardSpec.fromScheduler(environment) else { return nil }
            notice(line)
            return spec
        } catch {
            Stderr.write("ferry: \(error.message)\n")
            throw ExitCode(2)
        }
    }

    /// The plan's files for this shard; a shard map that cannot be read or written ends the run.
    static func restrict(_ plan: TransferPlan, to spec: ShardSpec, notice: (String) -> Void) throws -> TransferPlan {
        do {
            let (mine, notices) = try ShardedTransfer.restrict(plan, to: spec)
            notices.forEach(notice)
            return mine
        } catch {
            Stderr.write("ferry: \(error.message)\n")
            throw ExitCode(1)
        }
    }
}
