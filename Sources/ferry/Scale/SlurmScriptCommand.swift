import ArgumentParser
import Foundation
import ScaleOut
import TransferCore

struct SlurmScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm-script",
        abstract: "Write an sbatch script: a job array with one task per shard, each running the same ferry command on its shard.",
        discussion: """
        ferry slurm-script --shards 4 [--output run.sbatch] copy SRC... DEST. Submit with sbatch; resubmit \
        one shard with sbatch --array=I run.sbatch: it resumes from that shard's journal, on any node that \
        sees the stores. Follow with ferry report --dest-path DEST.
        """
    )

    @Option(help: "Number of shards (array tasks 0 to N-1).")
    var shards: Int

    @Option(help: "Write the script here (default: stdout).", transform: PathArgument.expand)
    var output: String?

    @Option(name: .customLong("job-name"), help: "Slurm job name.")
    var jobName = "ferry"

    @Option(name: .customLong("max-parallel"), help: "At most this many tasks at once (the array's %K).")
    var maxParallel: Int?

    @Option(help: "Slurm partition.")
    var partition: String?

    @Option(help: "Time limit per task (Slurm syntax, e.g. 2-00:00:00).")
    var time: String?

    @Option(name: .customLong("log"), help: "Per-task log (Slurm filename pattern; a relative one is made absolute here).")
    var log = "ferry-%A_%a.out"

    @Option(help: "The ferry binary the nodes run (default: the ferry on PATH, else this one).", transform: PathArgument.expand)
    var ferry: String?

    @Argument(parsing: .allUnrecognized, help: "The command each task runs (copy, move, export files) with its arguments.")
    var command: [String] = []

    func validate() throws {
        guard shards >= 1, shards <= ShardSpec.maxCount else { throw ValidationError("--shards must be between 1 and \(ShardSpec.maxCount)") }
        if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
        _ = try PlannedCommand.absolutePaths(command)
    }

    func run() async throws {
        let binary = JobPaths.binary(ferry, searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "")
        if JobPaths.inBuildDirectory(binary) {
            Stderr.write("ferry: warning: the script runs \(binary), which is in a build directory (the next build replaces it); install ferry on the nodes' PATH or pass --ferry\n")
        }
        let command = try PlannedCommand.absolutePaths(self.command).words
        let script = SlurmScript(shards: shards, jobName: jobName, maxParallel: maxParallel, partition: partition, time: time, log: log,
                                 binary: binary, command: command, reportHint: PlannedCommand.reportHint(command))
        try GeneratedFile.write(script.text, to: output, executable: true)
    }
}

enum GeneratedFile {
    static func write(_ text: String, to path: String?, executable: Bool) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        } catch {
            Stderr.write("ferry: cannot write \(path): \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
        Stderr.write("ferry: wrote \(path)\n")
    }
}
