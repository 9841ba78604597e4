import Foundation
import Testing
@testable import LotusMetadata

/// The storage config lotus-miner reads, written in-process (the CLI test covers the command).
@Suite(.tags(.fast)) struct LotusStorageConfigTests {
    private func scratch() throws -> String {
        let dir = "/tmp/ferry-storage-config-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/repo", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/store", withIntermediateDirectories: true)
        return dir
    }

    @Test func initWritesLotusOwnFieldOrderOnceAndNeverReplaces() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let meta = try LotusStorageConfig.initialize(path: dir + "/store", weight: 10, seal: false, store: true, id: "abc")
        let text = try String(contentsOfFile: meta, encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"ID\": \"abc\",\n  \"Weight\": 10,\n  \"CanSeal\": false,\n  \"CanStore\": true,"))
        #expect(throws: LotusStorageConfig.Failure.self) { try LotusStorageConfig.initialize(path: dir + "/store", weight: 1, seal: true, store: true) }
        #expect(try String(contentsOfFile: meta, encoding: .utf8) == text, "the first file stays")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/store") == ["sectorstore.json"], "no temporary left")
    }

    @Test func damoclesOwnSectorStoreJSONIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"Name": "persist", "Path": "/x", "Strict": false}"#.write(toFile: dir + "/store/sectorstore.json", atomically: true, encoding: .utf8)
        #expect(throws: LotusStorageConfig.Failure.self) { try LotusStorageConfig.checkExisting(path: dir + "/store") }
        #expect(throws: LotusStorageConfig.Failure.self) { try LotusStorageConfig.checkExisting(path: dir + "/repo") }
    }

    @Test func aPathIsAddedOnceHoweverItIsSpelled() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/alias", withDestinationPath: dir + "/store")
        #expect(try LotusStorageConfig.addStoragePath(dir + "/store", repo: dir + "/repo") == .added(file: dir + "/repo/storage.json"))
        #expect(try LotusStorageConfig.addStoragePath(dir + "/store/", repo: dir + "/repo") == .alreadyThere(file: dir + "/repo/storage.json"))
        #expect(try LotusStorageConfig.addStoragePath(dir + "/alias", repo: dir + "/repo") == .alreadyThere(file: dir + "/repo/storage.json"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/repo/storage.json"))) as? [String: Any]
        #expect((object?["StoragePaths"] as? [[String: Any]])?.compactMap { $0["Path"] as? String } == [dir + "/store"])
        try "not json".write(toFile: dir + "/repo/storage.json", atomically: true, encoding: .utf8)
        #expect(throws: LotusStorageConfig.Failure.self) { try LotusStorageConfig.addStoragePath(dir + "/other", repo: dir + "/repo") }
    }
}
