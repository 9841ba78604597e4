import Foundation
import Testing

/// `export files` with several --dest-path, on real generated stores: each sector whole on one
/// path, the placement kept across a kill, and a path that fills up mid-run.
@Suite(.serialized) struct MultiDestExportTests {
    static let files = ["sealed/s-t01000-N", "cache/s-t01000-N/p_aux", "cache/s-t01000-N/t_aux", "cache/s-t01000-N/sc-02-data-tree-r-last.dat"]

    func generate(_ store: String, count: Int) throws {
        let result = try CLI.run(["sectors", "generate", "--store", store, "--miner", "f01000", "--sector-size", "8MiB", "--count", "\(count)"])
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// A path lotus ranks first (huge weight) but whose MaxStorage holds two 8 MiB sectors.
    func attach(_ path: String, weight: Int = 1_000_000, maxStorage: Int = 20_000_000) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let json = #"{"ID":"a","Weight":\#(weight),"CanSeal":false,"CanStore":true,"MaxStorage":\#(maxStorage)}"#
        try Data(json.utf8).write(to: URL(fileURLWithPath: path + "/sectorstore.json"))
    }

    /// The one path holding each sector's files, checking all four are there and none elsewhere.
    func placement(_ sectors: ClosedRange<Int>, paths: [String]) -> [Int: String] {
        var found: [Int: String] = [:]
        for number in sectors {
            let holders = paths.filter { path in Self.files.contains { FileManager.default.fileExists(atPath: path + "/" + $0.replacingOccurrences(of: "N", with: "\(number)")) } }
            #expect(holders.count == 1, "sector \(number) is on \(holders)")
            guard let path = holders.first else { continue }
            for file in Self.files { #expect(FileManager.default.fileExists(atPath: path + "/" + file.replacingOccurrences(of: "N", with: "\(number)")), "sector \(number): \(file)") }
            found[number] = path
        }
        return found
    }

    @Test func eachSectorGoesWholeToOnePathAsLotusRanksThem() throws {
        let dir = TempDir()
        let store = dir.path + "/store", a = dir.path + "/a", b = dir.path + "/b"
        try generate(store, count: 4)
        try attach(a)
        let arguments = ["export", "files", "--miner", "f01000", "--src", store, "--dest-path", a, "--dest-path", b]
        let dry = try CLI.run(arguments + ["--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("sector 1 → \(a) (reason: rename)"), "\(dry.stdout)")
        #expect(dry.stdout.contains("sector 3 → \(b) (reason: rename)"), "MaxStorage keeps the third sector off a: \(dry.stdout)")
        #expect(dry.stdout.contains("\(a): 2 sector(s)") && dry.stdout.contains("\(b): 2 sector(s)"), "\(dry.stdout)")
        #expect(dry.stderr.contains("\(b) has no sectorstore.json"), "\(dry.stderr)")
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(placement(1...4, paths: [a, b]) == [1: a, 2: a, 3: b, 4: b])
        #expect(!FileManager.default.fileExists(atPath: store + "/sealed/s-t01000-1"), "a move takes the sources")
        #expect(!FileManager.default.fileExists(atPath: b + "/.ferry/journal"), "the journal lives in the first path only")
    }

    @Test func aRunKilledMidwayKeepsEverySectorsPathWhenRunAgain() throws {
        for point in [2, 9, 17] {
            let dir = TempDir()
            let store = dir.path + "/store", a = dir.path + "/a", b = dir.path + "/b"
            try generate(store, count: 4)
            try attach(a)
            let arguments = ["export", "files", "--miner", "f01000", "--src", store, "--dest-path", a, "--dest-path", b, "--reserve", "--reflink", "never", "--jobs", "1"]
            let first = try CLI.run(arguments, environment: ["FERRY_TEST_KILL_AFTER": "\(point)"])
            #expect(first.killed, "kill at \(point): \(first.stderr)")
            // Ranked afresh, every sector would now go to b: the recorded placement must win.
            try attach(a, weight: 0)
            let again = try CLI.run(arguments)
            #expect(again.status == 0, "resume after kill at \(point): \(again.stderr)")
            #expect(placement(1...4, paths: [a, b]) == [1: a, 2: a, 3: b, 4: b], "kill at \(point)")
        }
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/sbin/mkfs.ext4"), "needs root for a loop-mounted ext4"))
    func aPathThatFillsUpSendsTheSectorsNotStartedToTheOtherPath() throws {
        let dir = TempDir()
        let store = dir.path + "/store", a = dir.path + "/a", b = dir.path + "/b", flag = dir.path + "/pause"
        try generate(store, count: 6)
        let sources = ExportFilesTests.snapshot(store)
        // Neither path on the store's file system: a move copies (no rename preference). a ranks
        // first and has room for all six sectors when the run plans.
        _ = try CLI.sh("mkdir -p \(a) \(b) && truncate -s 80M \(dir.path)/a.img && mkfs.ext4 -q -F \(dir.path)/a.img && mount -o loop \(dir.path)/a.img \(a) && mount -t tmpfs -o size=128M tmpfs \(b)")
        defer { _ = try? CLI.sh("umount \(a); umount \(b)") }
        try attach(a, maxStorage: 0)
        // One stream: the files start one after another in plan order, whatever the disk claims.
        let arguments = ["export", "files", "--miner", "f01000", "--src", store, "--dest-path", a, "--dest-path", b, "--streams-per-device", "1", "--reflink", "never"]
        let dry = try CLI.run(arguments + ["--dry-run"])
        #expect(dry.stdout.contains("\(a): 6 sector(s)"), "\(dry.stdout)")
        let run = try CLI.Background(arguments + ["--test-pause-at", "copied:\(flag)"], directory: dir.path)
        try #require(run.waitFor { FileManager.default.fileExists(atPath: flag) }, "\(run.stderr)")
        // Held at sector 1's sealed file, the only file started (its stream is still open); fill a now.
        _ = try? CLI.sh("dd if=/dev/zero of=\(a)/filler bs=1M 2>/dev/null; sync")
        try FileManager.default.removeItem(atPath: flag)
        let done = run.finish()
        var failed: [Int] = []
        for number in 1...6 {
            let name = { (file: String) in file.replacingOccurrences(of: "N", with: "\(number)") }
            let holders = [a, b].filter { path in Self.files.contains { FileManager.default.fileExists(atPath: path + "/" + name($0)) } }
            #expect(holders.count <= 1, "sector \(number) split over \(holders)")
            if holders.isEmpty {
                failed.append(number)
                for file in Self.files { #expect(sources[name(file)] == ExportFilesTests.snapshot(store)[name(file)], "sector \(number) keeps its source \(name(file))") }
            } else {
                for file in Self.files { #expect(FileManager.default.fileExists(atPath: holders[0] + "/" + name(file)), "sector \(number): \(file) on \(holders[0])") }
            }
        }
        #expect(placement(2...6, paths: [a, b]) == [2: b, 3: b, 4: b, 5: b, 6: b], "sectors not started when a filled up go to b: \(done.stderr)")
        #expect(done.status == (failed.isEmpty ? 0 : 1), "\(done.stdout)")
        #expect(failed.allSatisfy { $0 == 1 }, "only the sector that had started on a may fail: \(failed)")
        #expect(!FileManager.default.fileExists(atPath: a + "/cache/s-t01000-6"), "no empty cache directory of a sector sent elsewhere")
    }
}
