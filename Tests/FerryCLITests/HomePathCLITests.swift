import Foundation
import Testing

/// Issue 17 item 12: `~` in path flags the shell leaves alone (`--dest-path=~/lotus`, quoted
/// arguments) means $HOME in every command; nothing is created under a directory named `~`.
/// Item 13: the lotus-miner repo defaults to $LOTUS_MINER_PATH, then ~/.lotusminer.
@Suite(.serialized, .tags(.binary)) struct HomePathCLITests {
    @Test func tildeIsHomeInEveryPathFlagAndArgument() throws {
        let dir = TempDir()
        let home = dir.path + "/home", work = dir.path + "/work"
        for path in [home, work] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        func ferry(_ arguments: [String]) throws -> CLI.Result {
            let result = try CLI.run(arguments, environment: ["HOME": home], cwd: work)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        _ = try ferry(["sectors", "generate", "--store=~/store", "--miner", "t01000", "--count", "2"])
        #expect(try ferry(["sectors", "list", "--store=~/store"]).stdout.contains("2 sector(s) of 1 miner(s): 2 complete"))
        let dry = try ferry(["export", "files", "--miner", "t01000", "--src=~/store", "--dest-path=~/lotus", "--dry-run"])
        #expect(dry.stdout.contains("-> \(home)/lotus/sealed/s-t01000-1"), "\(dry.stdout)")
        _ = try ferry(["export", "files", "--miner", "t01000", "--src=~/store", "--dest-path=~/lotus", "--reserve", "--manifest=~/lotus/sums.xxh128"])
        #expect(FileManager.default.fileExists(atPath: home + "/lotus/sealed/s-t01000-2"))
        #expect(FileManager.default.fileExists(atPath: home + "/lotus/sums.xxh128"))
        _ = try ferry(["verify", "--manifest=~/lotus/sums.xxh128"])
        _ = try ferry(["copy", "~/lotus/sealed", "~/copied", "--journal=~/copy-journal"])
        #expect(dir.files("home/copied") == ["s-t01000-1", "s-t01000-2"])
        #expect(try ferry(["verify", "~/copied"]).stdout.contains("\(home)/copied/s-t01000-1"))
        _ = try ferry(["verify", "--journal=~/copy-journal"])
        _ = try ferry(["status", "--journal=~/copy-journal"])
        _ = try ferry(["report", "--dest-path=~/lotus"])
        _ = try ferry(["move", "~/copied", "~/moved/"])
        #expect(dir.files("home/moved/copied") == ["s-t01000-1", "s-t01000-2"])
        // Generated sectors are random bytes, so check fails them; it must still find them at ~/lotus.
        let check = try CLI.run(["check", "--store=~/lotus", "--challenges", "1"], environment: ["HOME": home], cwd: work)
        #expect(check.stdout.contains("2 sector(s) checked"), "\(check.stdout)\(check.stderr)")
        let missing = try CLI.run(["lotus", "numbers", "--repo=~/no-repo"], environment: ["HOME": home], cwd: work)
        #expect(missing.status == 1 && missing.stderr.contains("\(home)/no-repo"), "\(missing.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }

    @Test func lotusRepoDefaultsToLotusMinerPathThenHome() throws {
        let dir = TempDir()
        let repo = try MetadataHardeningTests.makeRepo(dir)
        let fromEnvironment = ["LOTUS_MINER_PATH": repo, "HOME": dir.path + "/nowhere"]
        let written = try CLI.run(["export", "metadata", "--miner", "f01000", "--only-next-number", "--next-number", "5", "--no-backup"],
                                  environment: fromEnvironment)
        #expect(written.status == 0, "\(written.stderr)")
        let numbers = try CLI.run(["lotus", "numbers"], environment: fromEnvironment)
        #expect(numbers.status == 0 && numbers.stdout.contains("5"), "\(numbers.stdout)\(numbers.stderr)")
        #expect(try CLI.run(["lotus", "sectors"], environment: fromEnvironment).status == 0)

        // No LOTUS_MINER_PATH (empty counts as unset): ~/.lotusminer.
        try FileManager.default.moveItem(atPath: repo, toPath: dir.path + "/.lotusminer")
        let fromHome = ["LOTUS_MINER_PATH": "", "HOME": dir.path]
        let again = try CLI.run(["lotus", "numbers"], environment: fromHome)
        #expect(again.status == 0 && again.stdout == numbers.stdout, "\(again.stdout)\(again.stderr)")
        let elsewhere = try CLI.run(["lotus", "numbers"], environment: ["LOTUS_MINER_PATH": "", "HOME": dir.path + "/nowhere"])
        #expect(elsewhere.status == 1 && elsewhere.stderr.contains(dir.path + "/nowhere/.lotusminer"), "\(elsewhere.stderr)")
        #expect(try CLI.run(["lotus", "numbers", "--help"]).stdout.contains("$LOTUS_MINER_PATH"))
        #expect(try CLI.run(["export", "metadata", "--help"]).stdout.contains("$LOTUS_MINER_PATH"))
    }
}
