import Foundation
import KVStore
import LotusMetadata
import Testing

/// goleveldb (the library lotus links) reads what ferry wrote, and ferry reads what goleveldb wrote.
@Suite(.serialized, .enabled(if: Host.hasGo, "`go` not found (apt install golang-go golang-github-syndtr-goleveldb-dev)"), .tags(.fast))
struct GoLevelDBInteropTests {
    @Test func goleveldbReadsFerrysDatastore() throws {
        let tool = try GoInterop.tool()
        let repo = try TempRepo()
        _ = try MetadataExport.run(repo: repo.repo, states: try ["cc-1000", "ddo-1002", "snapped-1003"].map(loadFixture),
                                   options: { var o = ExportOptions(miner: Address(actorID: 1000)); o.noBackup = true; return o }())
        let result = try runProcess(tool, ["dump", repo.metadata])
        #expect(result.status == 0, "\(result.stderr)")
        var dumped: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            dumped[String(parts[0])] = String(parts[1])
        }
        let expected = try repo.snapshot()
        #expect(dumped.count == expected.count)
        for (key, value) in expected {
            #expect(dumped[key.utf8Hex] == value.hex, "\(key)")
        }
        #expect(dumped["/sectors/1003".utf8Hex] == (try SectorMapping(loadFixture("snapped-1003")).info.encoded().hex))
    }

    @Test func ferryReadsGoleveldbsDatastore() throws {
        let tool = try GoInterop.tool()
        let root = NSTemporaryDirectory() + "ferry-go-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/datastore", withIntermediateDirectories: true)
        let record = sector160().encoded()
        let allocated = CBOREncoder.encode(.bytes(RLEPlus.encode(Bitfield(ranges: [0..<161]))))
        let reserved = CBOREncoder.encode(.bytes(RLEPlus.encode(Bitfield(ranges: [500..<600]))))
        let result = try runProcess(tool, ["write", root + "/datastore/metadata",
                                           "/sectors/160".utf8Hex + "=" + record.hex,
                                           "/sectors/161".utf8Hex + "=" + "a0ff",
                                           "/storage/nextid".utf8Hex + "=" + Uvarint.encode(160).hex,
                                           "/storage/sectorsids/allocated".utf8Hex + "=" + allocated.hex,
                                           "/storage/sectorsids/reserved".utf8Hex + "=" + reserved.hex,
                                           "/storage/sectorsids/reserved/snapdeals".utf8Hex + "=" + reserved.hex])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try ReadBack.sectors(repo: LotusRepo(path: root))
        #expect(records.count == 2)
        #expect(records.first?.info == sector160())
        #expect(records.last?.key == "/sectors/161" && records.last?.error != nil)
        let numbers = try ReadBack.numbers(repo: LotusRepo(path: root))
        #expect(numbers.nextID == 160 && numbers.allocated == Bitfield(ranges: [0..<161]))
        #expect(numbers.reserved == Bitfield(ranges: [500..<600]) && numbers.reservations.map(\.name) == ["snapdeals"])
        #expect(numbers.nextFree == 161)
    }

    @Test func runningLotusMinerBlocksEveryWrite() throws {
        let tool = try GoInterop.tool()
        let repo = try TempRepo(entries: ["/storage/nextid": Uvarint.encode(7)])
        let before = try repo.snapshot()
        let cc = try loadFixture("cc-1000")
        for holdRepoLock in [false, true] {
            // goleveldb holds LOCK with flock (and repo.lock with fcntl), as a running lotus-miner does.
            let stdin = Pipe()
            let out = Pipe()
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: tool)
            holder.arguments = ["hold", repo.metadata] + (holdRepoLock ? [repo.path + "/repo.lock"] : [])
            holder.standardInput = stdin
            holder.standardOutput = out
            try holder.run()
            let ready = String(decoding: out.fileHandleForReading.readData(ofLength: 5), as: UTF8.self)
            #expect(ready == "held\n")
            do {
                _ = try MetadataExport.run(repo: repo.repo, states: [cc], options: ExportOptions(miner: Address(actorID: 1000)))
                Issue.record("export wrote while lotus-miner held the datastore")
            } catch {
                #expect(error.description.contains("lotus-miner running"), "\(error)")
            }
            #expect(throws: DatastoreError.self) { try ReadBack.sectors(repo: repo.repo) }
            try stdin.fileHandleForWriting.close()
            holder.waitUntilExit()
            #expect(holder.terminationStatus == 0)
        }
        #expect(try repo.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/ferry-backup"))
    }
}
