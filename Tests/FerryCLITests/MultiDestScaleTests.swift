import Foundation
import Testing

/// Several --dest-path survive every command that passes an export on (issue 13 item 4): the
/// generated Slurm and Kubernetes jobs keep them all, in order, and `plan` plans the export.
@Suite struct MultiDestScaleTests {
    private func store(_ dir: TempDir) throws -> String {
        let store = dir.path + "/store"
        let generated = try CLI.run(["sectors", "generate", "--store", store, "--miner", "f01000", "--sector-size", "2KiB", "--count", "4"])
        try #require(generated.status == 0, "\(generated.stderr)")
        for path in ["a", "b"] { try FileManager.default.createDirectory(atPath: dir.path + "/" + path, withIntermediateDirectories: true) }
        return store
    }

    @Test func slurmAndKubernetesJobsKeepEveryDestPath() throws {
        let dir = TempDir()
        let export = ["export", "files", "--miner", "f01000", "--src", try store(dir), "--dest-path", dir.path + "/a", "--dest-path", dir.path + "/b"]
        let slurm = try CLI.run(["slurm-script", "--shards", "2"] + export)
        #expect(slurm.status == 0, "\(slurm.stderr)")
        let exec = try #require(slurm.stdout.split(separator: "\n").first { $0.hasPrefix("exec ") })
        #expect(exec.contains("--dest-path \(dir.path)/a --dest-path \(dir.path)/b"), "\(exec)")
        let k8s = try CLI.run(["k8s-job", "--shards", "2", "--image", "ferry"] + export)
        #expect(k8s.status == 0, "\(k8s.stderr)")
        #expect(k8s.stdout.contains(dir.path + "/a") && k8s.stdout.contains(dir.path + "/b"), "\(k8s.stdout)")
        let plan = try CLI.run(["plan", "--shards", "2"] + export)
        #expect(plan.status == 0 && plan.stdout.contains("device groups"), "\(plan.stdout)\(plan.stderr)")
    }
}
