import ArgumentParser
import Foundation
import ScaleOut
import TransferCore

struct K8sJobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "k8s-job",
        abstract: "Write a Kubernetes Indexed Job manifest: one completion index per shard, each pod running the same ferry command.",
        discussion: """
        ferry k8s-job --shards 8 --image IMAGE --host-path /srv/stores [--node-selector k=v] copy SRC... DEST. \
        completions = N (one index per shard); parallelism = --max-parallel or N. Each pod reads its shard \
        from JOB_COMPLETION_INDEX and FERRY_SHARD_COUNT (set in the manifest, as Kubernetes exports no count). \
        A failed pod is recreated with the same index and resumes from its shard's journal. io_uring needs \
        an unconfined seccomp profile (set here); otherwise ferry falls back to posix I/O with a notice.
        """
    )

    @Option(help: "Number of shards (completions).")
    var shards: Int

    @Option(help: "Container image with ferry on its PATH.")
    var image: String

    @Option(help: "Job name.")
    var name = "ferry"

    @Option(name: .customLong("max-parallel"), help: "Pods at once (default: one per shard).")
    var maxParallel: Int?

    @Option(name: .customLong("host-path"), help: "A host directory mounted at the same path in the pod (repeat for each store).", transform: PathArgument.expand)
    var hostPaths: [String] = []

    @Option(name: .customLong("node-selector"), help: "key=value: run only on nodes that mount the stores (repeatable).")
    var nodeSelectors: [String] = []

    @Option(help: "Write the manifest here (default: stdout).", transform: PathArgument.expand)
    var output: String?

    @Argument(parsing: .allUnrecognized, help: "The command each pod runs (copy, move, export files) with its arguments.")
    var command: [String] = []

    func validate() throws {
        guard shards >= 1, shards <= ShardSpec.maxCount else { throw ValidationError("--shards must be between 1 and \(ShardSpec.maxCount)") }
        if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
        for selector in nodeSelectors where !selector.contains("=") { throw ValidationError("--node-selector takes key=value, not '\(selector)'") }
        for path in hostPaths where !path.hasPrefix("/") { throw ValidationError("--host-path needs an absolute path, not '\(path)'") }
        _ = try PlannedCommand.absolutePaths(command)
    }

    func run() async throws {
        let (command, paths) = try PlannedCommand.absolutePaths(self.command)
        for path in JobPaths.outside(paths, hostPaths: hostPaths) {
            Stderr.write("ferry: warning: \(path) is outside every --host-path, so the pods cannot see it; add --host-path for its store\n")
        }
        let job = KubernetesJob(shards: shards, image: image, name: name, maxParallel: maxParallel, hostPaths: hostPaths,
                                nodeSelectors: nodeSelectors, command: command, reportHint: PlannedCommand.reportHint(command))
        try GeneratedFile.write(job.text, to: output, executable: false)
    }
}
