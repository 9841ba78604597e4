import ArgumentParser
import ScaleOut
import TransferCore
import TransferIO

/// A command that `plan`, `slurm-script` and `k8s-job` can partition: it lists its whole plan as
/// units and says where its shards keep their journals and the frozen map. `export files`
/// conforms the same way (units = sectors, key `s-t0M-N`).
protocol ShardablePlan {
    func shardPlan() throws -> (units: [ShardUnit], ferryDirectory: String)
}

extension CopyCommand: ShardablePlan {
    func shardPlan() throws -> (units: [ShardUnit], ferryDirectory: String) {
        ShardedTransfer.units(paths)
    }
}

extension MoveCommand: ShardablePlan {
    func shardPlan() throws -> (units: [ShardUnit], ferryDirectory: String) {
        ShardedTransfer.units(paths)
    }
}

/// The ferry command line that `plan`, `slurm-script` and `k8s-job` are given after their own options.
enum PlannedCommand {
    static func parse(_ words: [String]) throws -> ShardablePlan {
        if words.contains(where: { $0 == "--shard" || $0.hasPrefix("--shard=") }) {
            throw ValidationError("leave --shard out of the command: each task takes its own shard (0 to N-1) from --shards N")
        }
        guard !words.isEmpty else { throw ValidationError("give the ferry command to partition, e.g. copy SRC... DEST") }
        let command: ParsableCommand
        do {
            command = try Ferry.parseRepairing(words)
        } catch {
            // A check that already printed its own `ferry: …` line (a missing store) keeps its status.
            let code = Ferry.exitCode(for: error)
            if code != .validationFailure && Ferry.message(for: error).isEmpty { throw ExitCode(code.rawValue) }
            throw ValidationError("the command to partition: " + Ferry.message(for: error))
        }
        guard let shardable = command as? ShardablePlan else {
            throw ValidationError("'\(words[0])' cannot be sharded; give copy, move or export files")
        }
        return shardable
    }
}
