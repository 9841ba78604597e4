import ScaleOut
import ArgumentParser
import Foundation
import TransferCore
import TransferIO

/// `--shard I/N` for the transfer commands, or the scheduler's variables when the flag is absent.
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
            guard let (spec, origin) = try ShardSpec.fromEnvironment(environment) else { return nil }
            notice("running shard \(spec) (from \(origin)); pass --shard I/N to choose another")
            return spec
        } catch {
            Stderr.write("ferry: \(error.message)\n")
            throw ExitCode(2)
        }
    }

    /// `cp -r`'s choice (is DEST a directory that receives sources by name?) must not depend on
    /// whether DEST exists when shards run: the first shard to start creates it. So a sharded
    /// run decides from the command line alone: several sources or a trailing `/`.
    static func intoDirectory(_ paths: [String]) -> Bool {
        paths.count > 2 || paths.last!.hasSuffix("/")
    }

    /// The plan's files for this shard, through the partition frozen in `<dest root>/.ferry/`.
    static func restrict(_ plan: TransferPlan, to spec: ShardSpec, notice: (String) -> Void) throws -> TransferPlan {
        let assignment: ShardAssignment
        do {
            assignment = try ShardAssignment.resolve(units: plan.shardUnits, spec: spec, ferryDirectory: plan.destinationRoot + "/.ferry")
        } catch {
            Stderr.write("ferry: \(error.message)\n")
            throw ExitCode(1)
        }
        assignment.notices.forEach(notice)
        let mine = plan.restricted(to: assignment)
        notice("shard \(spec): \(mine.items.count) of \(plan.items.count) file(s), \(mine.totalBytes) of \(plan.totalBytes) bytes")
        return mine
    }
}

extension ShardChoice {
    /// `verify`'s files for this shard: keyed by the path below the PATH argument that holds it,
    /// so hosts with different mount prefixes agree. Nothing is written, so nothing is frozen.
    static func restrict(_ paths: [String], scope: [String], to spec: ShardSpec) -> [String] {
        let units = paths.map { path in
            let root = scope.first { path.hasPrefix($0 + "/") }
            let key = root.map { String(path.dropFirst($0.count + 1)) } ?? path
            return ShardUnit(key: key, bytes: (try? FileSystem.status(path).size) ?? 0)
        }
        let assignment = ShardPartitioner.partition(units: units, shards: spec.count)
        return paths.indices.filter { assignment[$0] == spec.index }.map { paths[$0] }
    }
}
