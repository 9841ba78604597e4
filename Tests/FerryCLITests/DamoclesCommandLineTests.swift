import Foundation
import Testing

/// Issue 17 item 13: damocles command lines pasted as they are, and usage errors that say what
/// was meant. Dry runs on 2 KiB generated sectors: nothing big.
@Suite(.serialized, .tags(.binary)) struct DamoclesCommandLineTests {
    /// A store of t01000 sectors 1...count.
    private func store(_ dir: TempDir, count: Int = 6) throws -> String {
        let store = dir.path + "/store"
        let made = try CLI.run(["sectors", "generate", "--store", store, "--miner", "t01000", "--count", "\(count)"])
        try #require(made.status == 0, "\(made.stderr)")
        return store
    }

    /// Sector numbers a dry run of export files plans.
    private func planned(_ result: CLI.Result) -> [Int] {
        result.stdout.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("sector ") else { return nil }
            return Int(line.dropFirst(7).prefix { $0 != " " })
        }
    }

    @Test func minerOnTheParentCommand() throws {
        let dir = TempDir()
        let src = try store(dir, count: 2)
        let tail = ["files", "--src", src, "--dest-path", dir.path + "/lotus", "--dry-run"]
        for group in ["export", "export-to-lotus"] {
            let run = try CLI.run([group, "--miner=t01000"] + tail)
            #expect(run.status == 0 && planned(run) == [1, 2], "\(run.stdout)\(run.stderr)")
            // The same miner on both is fine, however spelled.
            #expect(try CLI.run([group, "--miner", "f01000"] + tail + ["--miner", "1000"]).status == 0)
            let conflict = try CLI.run([group, "--miner=t01000"] + tail + ["--miner", "t01001"])
            #expect(conflict.status == 2 && conflict.stderr.contains("--miner given twice, as t01000 and t01001: give one miner"), "\(conflict.stderr)")
        }
        let none = try CLI.run(["export"] + tail)
        #expect(none.status == 2 && none.stderr.contains("give the miner: --miner t01000"), "\(none.stderr)")
        // export metadata reads the parent's --miner too (it fails later, on the missing repo).
        let metadata = try CLI.run(["export", "--miner", "f01000", "metadata", "--dest-repo", dir.path + "/none", "--only-next-number", "--next-number", "1"])
        #expect(metadata.status == 1 && !metadata.stderr.contains("--miner"), "\(metadata.stderr)")
    }

    @Test func booleanFlagsWrittenWithTrueOrFalse() throws {
        let dir = TempDir()
        let src = try store(dir, count: 1)
        let base = ["export", "files", "--miner", "t01000", "--src", src, "--dest-path", dir.path + "/lotus"]
        let copy = try CLI.run(base + ["--dry-run=true", "--reserve=true"])
        #expect(copy.status == 0 && copy.stdout.contains("sector 1 (s-t01000-1): 4 files, ") && copy.stdout.contains(", copy\n"), "\(copy.stdout)\(copy.stderr)")
        let move = try CLI.run(base + ["--dry-run=1", "--reserve=false"])
        #expect(move.status == 0 && move.stdout.contains(", rename\n"), "\(move.stdout)\(move.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/lotus/sealed"))
        let bad = try CLI.run(base + ["--reserve=maybe"])
        #expect(bad.status == 2 && bad.stderr == "ferry: --reserve is a flag: write --reserve, --reserve=true or --reserve=false (not 'maybe')\n", "\(bad.stderr)")
        // The command given to plan (and slurm-script, k8s-job) is read the same way.
        let plan = try CLI.run(["plan", "--shards", "1"] + base + ["--reserve=true"])
        #expect(plan.status == 0 && plan.stdout.contains("1 unit(s)"), "\(plan.stdout)\(plan.stderr)")
    }

    /// Every flag the commands define takes the `=true|false` spelling: the names come from
    /// ArgumentParser's own definitions, so a flag added later is covered without a list.
    @Test(arguments: [["export", "files"], ["export", "metadata"], ["copy"], ["check"], ["lotus", "attach"]])
    func everyDefinedFlagTakesAValue(_ command: [String]) throws {
        let dump = try CLI.run(command + ["--experimental-dump-help"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let arguments = try #require((json["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
        let flags = arguments.filter { $0["kind"] as? String == "flag" }
            .compactMap { ($0["names"] as? [[String: String]])?.first { $0["kind"] == "long" }?["name"] }
            .filter { !["help", "version"].contains($0) }
        #expect(flags.count >= 2)
        for flag in flags {
            let run = try CLI.run(command + ["--\(flag)=maybe"])
            #expect(run.status == 2 && run.stderr.hasPrefix("ferry: --\(flag) is a flag: "), "\(flag): \(run.stderr)")
        }
    }

    @Test func numberRangesAndExclusions() throws {
        let dir = TempDir()
        let src = try store(dir)
        let export = ["export", "files", "--miner", "t01000", "--src", src, "--dest-path", dir.path + "/lotus", "--dry-run"]
        #expect(planned(try CLI.run(export + ["--numbers", "2-4,6", "--exclude", "3"])) == [2, 4, 6])
        #expect(planned(try CLI.run(export + ["--numbers", "1-2", "--numbers=5-9223372036854775807"])) == [1, 2, 5, 6])
        #expect(planned(try CLI.run(export + ["--exclude", "1-2,5"])) == [3, 4, 6])
        // A number given alone must exist; a range only filters.
        let missing = try CLI.run(export + ["--numbers", "1,7,100-200"])
        #expect(planned(missing) == [1] && missing.stderr.contains("find sector 7 location") && !missing.stderr.contains("sector 100"), "\(missing.stderr)")
        let list = try CLI.run(["sectors", "list", "--store", src, "--numbers", "1-3", "--exclude", "2"])
        #expect(list.stdout.contains("s-t01000-1 ") && !list.stdout.contains("s-t01000-2 ") && list.stdout.contains("s-t01000-3 "), "\(list.stdout)")
        for (bad, why) in [("5-2", "5-2: the range is reversed; write 2-5"), ("x1", "'x1' is not a sector number or a range"),
                           ("1-", "'1-' is not a sector number"), ("9223372036854775808", "beyond lotus' largest sector number 9223372036854775807"),
                           ("1-99999999999999999999", "beyond lotus' largest"), ("1,,2", "is not a sector number")] {
            for flag in ["--numbers", "--exclude"] {
                let run = try CLI.run(["sectors", "list", "--store", src, flag, bad])
                #expect(run.status == 2 && run.stderr.contains(why), "\(flag) \(bad): \(run.stderr)")
            }
        }
    }

    @Test func usageLineShowsSources() throws {
        let help = try CLI.run(["export", "files", "--help"])
        #expect(help.stdout.contains("USAGE: ferry export files --miner <miner> --src <store>... --dest-path <dest-path> [<options>]"), "\(help.stdout)")
        #expect(help.stdout.contains("--src <store>"))
    }

    @Test func typosGetSuggestions() throws {
        let cases: [([String], String)] = [
            (["export", "file"], "ferry: unknown command 'file' for 'ferry export'; did you mean files?\n"),
            (["export-to-lotus", "metdata"], "ferry: unknown command 'metdata' for 'ferry export-to-lotus'; did you mean metadata?\n"),
            (["exprot", "files"], "ferry: unknown command 'exprot' for 'ferry'; did you mean export?\n"),
            (["sectors", "lsit"], "ferry: unknown command 'lsit' for 'ferry sectors'; did you mean list?\n"),
            (["export", "files", "--miner", "t01000", "--dest-paht", "x"], "ferry: unknown option --dest-paht for 'ferry export files'; did you mean --dest-path?\n"),
            (["export", "--miner", "t01000", "files", "--reserv"], "ferry: unknown option --reserv for 'ferry export files'; did you mean --reserve?\n"),
        ]
        for (arguments, expected) in cases {
            let run = try CLI.run(arguments)
            #expect(run.status == 2 && run.stderr == expected, "\(arguments): \(run.stderr)")
        }
        for (miner, hint) in [("t1000", "ID addresses are t0<number>: did you mean t01000?"), ("f1000", "ID addresses are f0<number>: did you mean f01000?")] {
            for arguments in [["export", "files", "--miner", miner, "--src", "/", "--dest-path", "/x"], ["sectors", "list", "--store", "/", "--miner", miner],
                              ["export", "--miner=\(miner)", "metadata", "--only-next-number", "--next-number", "1"]] {
                let run = try CLI.run(arguments)
                #expect(run.status == 2 && run.stderr.contains("expected an ID address (t01000, f01000 or 1000); \(hint)"), "\(arguments): \(run.stderr)")
            }
        }
        // Nothing close: ArgumentParser's own message.
        let far = try CLI.run(["export", "zzz"])
        #expect(far.status == 2 && far.stderr.contains("Unexpected argument 'zzz'"), "\(far.stderr)")
    }
}
