import Foundation
import Testing

/// Issue 17 item 10: wrong input used to succeed ("0 sectors", `total: 0`, exit 0, and a
/// destination tree created). Each mistake is refused, before anything is created.
@Suite(.tags(.binary)) struct StoreInputTests {
    static func generate(_ store: String, miner: String = "t01000", first: Int = 1, count: Int = 1, snap: Bool = false) throws {
        var args = ["sectors", "generate", "--store", store, "--miner", miner, "--first", "\(first)", "--count", "\(count)"]
        if snap { args.append("--snap") }
        let result = try CLI.run(args)
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// Every entry below `path`, `.ferry/` included: "nothing created" means none of it.
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func sectorsListRefusesAMissingStoreAStoreGivenTooDeepAndAnAbsentMiner() throws {
        let dir = TempDir()
        let store = dir.path + "/store"
        try Self.generate(store, count: 4)
        let missing = try CLI.run(["sectors", "list", "--store", dir.path + "/nonexistent"])
        #expect(missing.status == 1 && missing.stdout.isEmpty)
        #expect(missing.stderr == "ferry: store \(dir.path)/nonexistent: no such directory\n")
        let sealed = try CLI.run(["sectors", "list", "--store", store + "/sealed"])
        #expect(sealed.status == 1 && sealed.stdout.isEmpty)
        #expect(sealed.stderr == "ferry: store \(store)/sealed: looks like a sealed/ directory; give its parent\n")
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
        let empty = try CLI.run(["sectors", "list", "--store", store, "--store", dir.path + "/empty"])
        #expect(empty.status == 1 && empty.stderr == "ferry: store \(dir.path)/empty: no sealed/, cache/ or update/ in it\n")
        let absent = try CLI.run(["sectors", "list", "--store", store, "--miner", "t09999"])
        #expect(absent.status == 1 && absent.stderr == "ferry: no sectors of t09999 in these stores (found: t01000 ×4)\n", "\(absent.stderr)")
        let fine = try CLI.run(["sectors", "list", "--store", store, "--miner", "t01000"])
        #expect(fine.status == 0 && fine.stdout.contains("4 sector(s) of 1 miner(s)"), "\(fine.stderr)")
    }

    @Test func exportOfAnAbsentMinerCreatesNothingAndExitsOne() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try Self.generate(store, count: 4)
        for extra in [[], ["--dry-run"], ["--reserve"]] {
            let run = try CLI.run(["export", "files", "--miner", "t09999", "--src", store, "--dest-path", lotus] + extra)
            #expect(run.status == 1, "\(extra)")
            #expect(run.stderr == "ferry: no sectors of t09999 in these stores (found: t01000 ×4)\n", "\(run.stderr)")
            #expect(!run.stdout.contains("total: 0"))
            #expect(!Self.exists(lotus), "no destination directories, no journal")
        }
        for (src, message) in [(dir.path + "/nonexistent", "ferry: store \(dir.path)/nonexistent: no such directory\n"),
                               (store + "/sealed", "ferry: store \(store)/sealed: looks like a sealed/ directory; give its parent\n")] {
            let run = try CLI.run(["export", "files", "--miner", "t01000", "--src", src, "--dest-path", lotus])
            #expect(run.status == 1 && run.stderr == message, "\(run.stderr)")
            #expect(!Self.exists(lotus))
        }
        // The same checks through the commands that plan an export for many hosts.
        let plan = try CLI.run(["plan", "--shards", "2", "export", "files", "--miner", "t09999", "--src", store, "--dest-path", lotus])
        #expect(plan.status == 1 && plan.stderr == "ferry: no sectors of t09999 in these stores (found: t01000 ×4)\n", "\(plan.stderr)")
        let slurm = try CLI.run(["slurm-script", "--shards", "2", "export", "files", "--miner", "t01000", "--src", store + "/sealed", "--dest-path", lotus])
        #expect(slurm.status == 1 && slurm.stderr.hasPrefix("ferry: store \(store)/sealed: looks like a sealed/ directory"), "\(slurm.stderr)")
        #expect(!Self.exists(lotus))
    }

    @Test func checkRefusesAMissingStoreAndAnAbsentMiner() throws {
        let dir = TempDir()
        let store = dir.path + "/store"
        try Self.generate(store, count: 2)
        let missing = try CLI.run(["check", "--store", dir.path + "/nonexistent"])
        #expect(missing.status == 1 && missing.stderr == "ferry: store \(dir.path)/nonexistent: no such directory\n", "\(missing.stderr)")
        let absent = try CLI.run(["check", "--store", store, "--miner", "t09999", "--challenges", "0"])
        #expect(absent.status == 1 && absent.stderr == "ferry: no sectors of t09999 in these stores (found: t01000 ×2)\n", "\(absent.stderr)")
    }

    /// A finished move took every sector of the miner out of the store: a re-run is not a typo.
    @Test func aReRunAfterAMoveTookEverythingIsNotAnAbsentMiner() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try Self.generate(store, count: 2)
        let first = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus])
        #expect(first.status == 0, "\(first.stderr)")
        for extra in [[], ["--dry-run"]] {
            let again = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus] + extra)
            #expect(again.status == 0, "\(extra): \(again.stderr)")
            #expect(again.stdout.contains("sector 1: already exported to \(lotus)\nsector 2: already exported to \(lotus)\n"), "\(again.stdout)")
        }
    }

    /// The dry run exits as the real run would: 1 when it would refuse a sector (incomplete, or
    /// a destination holding other content) or not find one.
    @Test func theDryRunsExitStatusReflectsRefusals() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try Self.generate(store, count: 3)
        let clean = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--dry-run"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let notFound = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--dry-run", "--numbers", "1,99"])
        #expect(notFound.status == 1 && notFound.stderr.contains("find sector 99 location: not found"), "\(notFound.stderr)")
        try FileManager.default.removeItem(atPath: store + "/cache/s-t01000-2/t_aux")
        try FileManager.default.createDirectory(atPath: lotus + "/sealed", withIntermediateDirectories: true)
        try Data(count: 5).write(to: URL(fileURLWithPath: lotus + "/sealed/s-t01000-3"))
        let dry = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--dry-run"])
        #expect(dry.status == 1)
        #expect(dry.stderr.contains("export sector 2 file: incomplete: cache/s-t01000-2/t_aux is missing"), "\(dry.stderr)")
        #expect(dry.stderr.contains("export sector 3 file: \(lotus)/sealed/s-t01000-3 already exists with other content"), "\(dry.stderr)")
        #expect(dry.stdout.contains("dry run: 1 sector(s), 4 file(s)") && dry.stdout.contains("; 2 refused; nothing was changed"), "\(dry.stdout)")
        #expect(!Self.exists(lotus + "/cache") && !Self.exists(lotus + "/.ferry"), "a dry run changes nothing")
        let real = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus])
        #expect(real.status == 1)
        #expect(real.stderr.contains("export sector 2 file: incomplete") && real.stderr.contains("export sector 3 file: \(lotus)/sealed/s-t01000-3 already exists with other content"))
        #expect(real.stdout.hasSuffix("export failure counts: 2, total: 3\n"), "\(real.stdout)")
    }
}
