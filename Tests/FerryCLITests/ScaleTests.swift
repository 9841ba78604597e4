import Foundation
import Testing

@Suite(.tags(.binary)) struct ScaleTests {
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func shardedCopyThenReportCoversEveryFileOnce() throws {
        let dir = TempDir()
        for i in 0..<9 { _ = dir.write("src/d\(i % 2)/f\(i)", size: 1000 + i * 3000, seed: UInt64(i)) }
        let plan = try CLI.run(["plan", "copy", dir.path + "/src", dir.path + "/dst/", "--shards", "3", "--json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let shards = Self.json(plan.stdout)["per_shard"] as? [[String: Any]] ?? []
        #expect(shards.count == 3 && shards.reduce(0) { $0 + ($1["units"] as? Int ?? 0) } == 9)
        for i in 0..<2 {
            let run = try CLI.run(["copy", dir.path + "/src", dir.path + "/dst/"], environment: ["SLURM_ARRAY_TASK_ID": "\(i)", "SLURM_ARRAY_TASK_COUNT": "3"])
            #expect(run.status == 0 && run.stderr.contains("running shard \(i)/3 (from SLURM_ARRAY_TASK_ID"), "\(run.stderr)")
        }
        let partial = try CLI.run(["report", "--dest-path", dir.path + "/dst", "--json"])
        #expect(partial.status == 1)
        #expect(Self.json(partial.stdout)["remaining"] as? Int == shards[2]["units"] as? Int)
        let last = try CLI.run(["copy", dir.path + "/src", dir.path + "/dst/", "--shard", "2/3"])
        #expect(last.status == 0, "\(last.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/dst/.ferry")
        let journals = entries.filter { $0.hasPrefix("journal-shard-") && !$0.hasSuffix(".runs") && !$0.hasSuffix(".progress") }
        #expect(journals.sorted() == ["journal-shard-0-of-3", "journal-shard-1-of-3", "journal-shard-2-of-3"])
        #expect(journals.allSatisfy { entries.contains($0 + ".progress") }, "each shard publishes its progress beside its journal: \(entries)")
        let report = try CLI.run(["report", "--dest-path", dir.path + "/dst", "--json"])
        #expect(report.status == 0, "\(report.stdout)")
        #expect(Self.json(report.stdout)["done"] as? Int == 9)
        #expect(dir.files("dst/src") == dir.files("src"))
        // A shard that does not exist, or a Kubernetes index without a count, is a usage error.
        #expect(try CLI.run(["copy", dir.path + "/src", dir.path + "/dst/", "--shard", "3/3"]).status == 2)
        #expect(try CLI.run(["copy", dir.path + "/src", dir.path + "/dst/"], environment: ["JOB_COMPLETION_INDEX": "0"]).status == 2)
    }

    /// On one file system every sector is renamed: report counts them done and says "renamed",
    /// not "copied 0 B at 0 B/s"; with --reserve they are copied, and report shows throughput.
    /// A rerun of every shard leaves the snapped sectors' keys in the store and makes no lotus
    /// directory for them.
    @Test func shardedExportsReportRenamesAndCopies() throws {
        let dir = TempDir()
        let store = dir.path + "/store"
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--count", "3"]).status == 0)
        #expect(try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000", "--first", "4", "--count", "2", "--snap"]).status == 0)
        for (lotus, extra) in [(dir.path + "/copied", ["--reserve"]), (dir.path + "/renamed", [])] {
            for _ in 0..<2 {
                for shard in ["0/2", "1/2"] {
                    let run = try CLI.run(["export", "files", "--miner", "1000", "--src", store, "--dest-path", lotus, "--shard", shard] + extra)
                    #expect(run.status == 0, "\(lotus) \(shard): \(run.stderr)")
                }
            }
            let text = try CLI.run(["report", "--dest-path", lotus])
            #expect(text.status == 0, "\(text.stdout)")
            #expect(!text.stdout.contains("copied 0 B"), "\(text.stdout)")
            let report = Self.json(try CLI.run(["report", "--dest-path", lotus, "--json"]).stdout)
            #expect(report["complete"] as? Bool == true && report["units"] as? Int == 5 && report["done"] as? Int == 5, "\(report)")
            #expect(report["bytes_done"] as? Int == report["bytes_planned"] as? Int)
            let shards = report["per_shard"] as? [[String: Any]] ?? []
            #expect(shards.count == 2)
            for shard in shards {
                #expect(shard["runs"] as? Int == 2 && shard["unfinished_runs"] as? Int == 0, "\(shard)")
                let copied = shard["bytes_copied"] as? Int ?? -1, renamed = shard["bytes_renamed"] as? Int ?? -1
                if extra.isEmpty {
                    #expect(copied == 0 && renamed > 0 && text.stdout.contains("renamed "), "\(shard)")
                } else {
                    #expect(copied > 0 && renamed == 0 && (shard["bytes_per_second"] as? Int ?? 0) > 0, "\(shard)")
                }
            }
            for number in 4...5 {
                #expect(FileManager.default.fileExists(atPath: "\(lotus)/update/s-t01000-\(number)"))
                #expect(!FileManager.default.fileExists(atPath: "\(lotus)/sealed/s-t01000-\(number)"), "a snapped sector's key was exported")
                #expect(!FileManager.default.fileExists(atPath: "\(lotus)/cache/s-t01000-\(number)"), "a lotus cache dir for a key not exported")
            }
        }
        for number in 4...5 { #expect(FileManager.default.fileExists(atPath: "\(store)/sealed/s-t01000-\(number)"), "the key stays") }
        #expect(!FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-1"))
    }

    @Test func slurmScriptRunsTheSameCommandPerArrayTask() throws {
        let dir = TempDir()
        _ = dir.write("src/a", size: 10, seed: 1)
        let out = try CLI.run(["slurm-script", "--shards", "4", "--max-parallel", "2", "move", dir.path + "/src", dir.path + "/my dst/", "--jobs", "1"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("#SBATCH --array=0-3%2\n"))
        #expect(out.stdout.contains("export FERRY_SHARD_COUNT=4\n"))
        #expect(out.stdout.contains(" move \(dir.path)/src '\(dir.path)/my dst/' --jobs 1 --shard \"${SLURM_ARRAY_TASK_ID}/${FERRY_SHARD_COUNT}\""))
        #expect(try CLI.run(["slurm-script", "--shards", "4", "copy", "a", "b", "--shard", "1/4"]).status == 2)
    }

    /// No cluster here: the manifest is checked structurally by a real YAML parser.
    @Test(.enabled(if: Host.hasPythonYAML, "python3-yaml not installed (tools/install-deps installs it)"))
    func k8sJobIsAnIndexedJobWithOneCompletionPerShard() throws {
        let dir = TempDir()
        _ = dir.write("src/a", size: 10, seed: 1)
        let manifest = dir.path + "/job.yaml"
        let out = try CLI.run(["k8s-job", "--shards", "6", "--max-parallel", "4", "--image", "registry/ferry:1", "--host-path", "/srv/stores",
                               "--node-selector", "ferry/stores=yes", "--output", manifest, "copy", dir.path + "/src", dir.path + "/dst/"])
        #expect(out.status == 0, "\(out.stderr)")
        let parsed = try CLI.sh("python3 -c 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))' \(manifest)")
        let job = Self.json(parsed)
        let spec = job["spec"] as? [String: Any] ?? [:]
        #expect(job["kind"] as? String == "Job" && job["apiVersion"] as? String == "batch/v1")
        #expect(spec["completionMode"] as? String == "Indexed")
        #expect(spec["completions"] as? Int == 6 && spec["parallelism"] as? Int == 4)
        let pod = (spec["template"] as? [String: Any])?["spec"] as? [String: Any] ?? [:]
        let container = (pod["containers"] as? [[String: Any]])?.first ?? [:]
        #expect(container["command"] as? [String] == ["ferry", "copy", dir.path + "/src", dir.path + "/dst/"])
        #expect((container["env"] as? [[String: String]])?.contains { $0 == ["name": "FERRY_SHARD_COUNT", "value": "6"] } == true)
        #expect((pod["nodeSelector"] as? [String: String]) == ["ferry/stores": "yes"])
        #expect(((pod["volumes"] as? [[String: Any]])?.first?["hostPath"] as? [String: String])?["path"] == "/srv/stores")
    }
}

/// Item 15 of issue 17: a job runs in another directory, maybe on another host, so the files
/// slurm-script and k8s-job write hold absolute paths and a binary that outlives the next build.
@Suite(.tags(.binary)) struct JobFileTests {
    static func real(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().path }

    static func executable(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
    }

    @Test func slurmScriptWritesAbsolutePathsAndTheFerryOnPath() throws {
        let dir = TempDir()
        let root = Self.real(dir.path)
        _ = dir.write("src/a", size: 10, seed: 1)
        try Self.executable(root + "/bin/ferry")
        let out = try CLI.run(["slurm-script", "--shards", "2", "copy", "src", "my dst/", "--journal", "j/journal", "--manifest=my dst/m.xxh", "--jobs", "1"],
                              environment: ["PATH": root + "/bin:/usr/bin:/bin"], cwd: root)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("exec \(root)/bin/ferry copy \(root)/src '\(root)/my dst/' --journal \(root)/j/journal '--manifest=\(root)/my dst/m.xxh' --jobs 1 --shard"), "\(out.stdout)")
        #expect(out.stdout.contains("#SBATCH --output=\(root)/ferry-%A_%a.out\n"), "\(out.stdout)")
        #expect(out.stdout.contains("ferry report --dest-path '\(root)/my dst'"), "\(out.stdout)")
        #expect(!out.stderr.contains("warning"), "\(out.stderr)")
        // `~` is the submitting user's home, written out: the job may run as someone else.
        #expect(try CLI.run(["sectors", "generate", "--store", root + "/store", "--miner", "1000", "--count", "1"]).status == 0)
        let home = try CLI.run(["slurm-script", "--shards", "2", "--ferry", "/opt/ferry/bin/ferry", "export", "files", "--miner", "1000",
                                "--src", "~/store", "--dest-path=~/lotus"], environment: ["HOME": root], cwd: "/")
        #expect(home.status == 0, "\(home.stderr)")
        #expect(home.stdout.contains("exec /opt/ferry/bin/ferry export files --miner 1000 --src \(root)/store --dest-path=\(root)/lotus --shard"), "\(home.stdout)")
    }

    @Test func slurmScriptWarnsWhenTheBinaryIsInABuildDirectory() throws {
        let dir = TempDir()
        let root = Self.real(dir.path)
        _ = dir.write("src/a", size: 10, seed: 1)
        try Self.executable(root + "/pkg/.build-release/release/ferry")
        let fromPath = try CLI.run(["slurm-script", "--shards", "2", "copy", root + "/src", root + "/dst/"],
                                   environment: ["PATH": root + "/pkg/.build-release/release:/usr/bin:/bin"])
        #expect(fromPath.status == 0, "\(fromPath.stderr)")
        #expect(fromPath.stdout.contains("exec \(root)/pkg/.build-release/release/ferry copy "), "\(fromPath.stdout)")
        #expect(fromPath.stderr.contains("ferry: warning: the script runs \(root)/pkg/.build-release/release/ferry, which is in a build directory"), "\(fromPath.stderr)")
        let given = try CLI.run(["slurm-script", "--shards", "2", "--ferry", "pkg/.build/debug/ferry", "copy", root + "/src", root + "/dst/"], cwd: root)
        #expect(given.stdout.contains("exec \(root)/pkg/.build/debug/ferry copy "), "\(given.stdout)")
        #expect(given.stderr.contains("ferry: warning: the script runs \(root)/pkg/.build/debug/ferry"), "\(given.stderr)")
        // No ferry on PATH: this very binary, wherever it is.
        let this = try CLI.run(["slurm-script", "--shards", "2", "copy", root + "/src", root + "/dst/"], environment: ["PATH": root + "/nothing"])
        #expect(this.stdout.contains("exec \(Self.real(CLI.binary)) copy "), "\(this.stdout)")
    }

    @Test func k8sJobWritesAbsolutePathsAndWarnsAboutPathsNoHostPathHolds() throws {
        let dir = TempDir()
        let root = Self.real(dir.path)
        #expect(try CLI.run(["sectors", "generate", "--store", root + "/stores/a", "--miner", "1000", "--count", "1"]).status == 0)
        #expect(try CLI.run(["sectors", "generate", "--store", root + "/other", "--miner", "1000", "--first", "2", "--count", "1"]).status == 0)
        let out = try CLI.run(["k8s-job", "--shards", "2", "--image", "ferry:1", "--host-path", root + "/stores/",
                               "export", "files", "--miner", "1000", "--src", "stores/a", "--src=other", "--dest-path", "stores/lotus",
                               "--journal", "j/journal"], cwd: root)
        #expect(out.status == 0, "\(out.stderr)")
        for word in ["--src", "\(root)/stores/a", "--src=\(root)/other", "--dest-path", "\(root)/stores/lotus", "\(root)/j/journal"] {
            #expect(out.stdout.contains("- \"\(word)\"\n"), "\(word): \(out.stdout)")
        }
        let warnings = out.stderr.split(separator: "\n").filter { $0.hasPrefix("ferry: warning: ") }
        #expect(warnings.count == 2, "\(out.stderr)")
        #expect(out.stderr.contains("ferry: warning: \(root)/other is outside every --host-path"), "\(out.stderr)")
        #expect(out.stderr.contains("ferry: warning: \(root)/j/journal is outside every --host-path"), "\(out.stderr)")
        // Without any --host-path no pod sees anything: every path is named.
        let none = try CLI.run(["k8s-job", "--shards", "2", "--image", "ferry:1", "copy", root + "/stores/a", root + "/dst/"])
        #expect(none.stderr.contains("\(root)/stores/a is outside") && none.stderr.contains("\(root)/dst/ is outside"), "\(none.stderr)")
    }
}
