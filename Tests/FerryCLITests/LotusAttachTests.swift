import Foundation
import KVStore
import Testing

@Suite(.tags(.binary)) struct LotusAttachTests {
    /// A stopped lotus-miner repo of miner t01000: datastore with /miner-address, storage.json.
    private func makeRepo(_ dir: TempDir) throws -> String {
        let repo = dir.path + "/lotusminer"
        try FileManager.default.createDirectory(atPath: repo + "/datastore", withIntermediateDirectories: true)
        let database = try KVDatabase(path: repo + "/datastore/metadata")
        try database.put(Array("/miner-address".utf8), [0, 0xE8, 0x07], sync: true)
        database.close()
        try #"{"StoragePaths":[{"Path":"/existing"}]}"#.write(toFile: repo + "/storage.json", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: repo + "/repo.lock", contents: Data())
        return repo
    }

    @Test func attachInitWritesSectorstoreAndStorageJSON() throws {
        let dir = TempDir()
        let repo = try makeRepo(dir)
        let store = dir.path + "/damocles"
        _ = try CLI.run(["sectors", "generate", "--store", store, "--miner", "1000"])
        _ = try CLI.run(["sectors", "generate", "--store", store, "--miner", "1001"])
        _ = FileManager.default.createFile(atPath: store + "/sealed/.s-t01000-3.tmp", contents: Data())
        // A foreign name would stop lotus-miner from starting: refused unless --force.
        let refused = try CLI.run(["lotus", "attach", "--repo", repo, "--path", store, "--init", "--store"])
        #expect(refused.status == 1 && refused.stderr.contains(".s-t01000-3.tmp"))
        #expect(!FileManager.default.fileExists(atPath: store + "/sectorstore.json"))
        let result = try CLI.run(["lotus", "attach", "--repo", repo, "--path", store, "--init", "--store", "--weight", "20", "--force"])
        #expect(result.status == 0, "\(result.stderr)")
        let meta = try String(contentsOfFile: store + "/sectorstore.json", encoding: .utf8)
        #expect(!meta.hasSuffix("\n"))
        let object = try JSONSerialization.jsonObject(with: Data(meta.utf8)) as! [String: Any]
        #expect((object["ID"] as? String)?.count == 36)
        #expect(object["Weight"] as? Int == 20 && object["CanStore"] as? Bool == true && object["CanSeal"] as? Bool == false)
        #expect(meta.range(of: "\"ID\"")!.lowerBound < meta.range(of: "\"Weight\"")!.lowerBound, "lotus's field order")
        let storage = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: repo + "/storage.json"))) as! [String: Any]
        let paths = (storage["StoragePaths"] as! [[String: Any]]).compactMap { $0["Path"] as? String }
        #expect(paths == ["/existing", store])
        #expect(result.stderr.contains("other miners (t01001)"))
        #expect(result.stderr.contains(".s-t01000-3.tmp"))
        let again = try CLI.run(["lotus", "attach", "--repo", repo, "--path", store, "--init", "--store", "--force"])
        #expect(again.status == 1 && again.stderr.contains("already initialized"))
        // The same path spelled with a trailing slash is not added twice.
        let twice = try CLI.run(["lotus", "attach", "--repo", repo, "--path", store + "/", "--force"])
        #expect(twice.status == 0 && twice.stdout.contains("already in"), "\(twice.stdout)\(twice.stderr)")
    }

    @Test func attachIsRefusedWhileLotusHoldsTheRepo() throws {
        let dir = TempDir()
        let repo = try makeRepo(dir)
        let store = dir.path + "/store"
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        // Hold repo.lock the way lotus-miner does (a POSIX fcntl lock) from this process.
        let fd = open(repo + "/repo.lock", O_RDWR)
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        #expect(fcntl(fd, F_SETLK, &lock) == 0)
        let result = try CLI.run(["lotus", "attach", "--repo", repo, "--path", store, "--init", "--store"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("stop lotus-miner"))
        #expect(!FileManager.default.fileExists(atPath: store + "/sectorstore.json"))
        let storage = try String(contentsOfFile: repo + "/storage.json", encoding: .utf8)
        #expect(storage == #"{"StoragePaths":[{"Path":"/existing"}]}"#)
    }
}
