import Foundation
import KVStore
import Testing

@Suite(.tags(.fast)) struct KVDatabaseTests {
    @Test func roundTrip() throws {
        let dir = TempDir()
        let db = try KVDatabase(path: dir.sub("db"))
        try db.put("/a".b, [1, 2, 3], sync: true)
        #expect(try db.get("/a".b) == [1, 2, 3])
        try db.put("/a".b, [9], sync: false)
        #expect(try db.get("/a".b) == [9])
        try db.delete("/a".b, sync: true)
        #expect(try db.get("/a".b) == nil)
    }

    @Test func emptyValueIsNotMissing() throws {
        let dir = TempDir()
        let db = try KVDatabase(path: dir.sub("db"))
        try db.put("/empty".b, [], sync: true)
        #expect(try db.get("/empty".b) == [])
        #expect(try db.get("/missing".b) == nil)
        // Also the empty key and binary keys with NUL bytes.
        try db.put([], [7], sync: true)
        try db.put([0, 0, 1], [0], sync: true)
        #expect(try db.get([]) == [7])
        #expect(try db.get([0, 0, 1]) == [0])
    }

    @Test func valuesSurviveReopen() throws {
        let dir = TempDir()
        do {
            let db = try KVDatabase(path: dir.sub("db"))
            try db.put("/k".b, Array(repeating: 0xAB, count: 100_000), sync: true)
            db.close()
            db.close()  // idempotent
            #expect(throws: KVError.self) { try db.get("/k".b) }
        }
        var options = KVOptions()
        options.createIfMissing = false
        let db = try KVDatabase(path: dir.sub("db"), options: options)
        #expect(try db.get("/k".b) == Array(repeating: 0xAB, count: 100_000))
    }

    @Test func batchIsAtomicAndOrdered() throws {
        let dir = TempDir()
        let db = try KVDatabase(path: dir.sub("db"))
        try db.put("/old".b, [1], sync: true)
        var batch = KVWriteBatch()
        #expect(batch.isEmpty)
        batch.put("/x".b, [1])
        batch.put("/y".b, [2])
        batch.delete("/old".b)
        batch.put("/x".b, [3])  // later operations win
        #expect(batch.count == 4)
        #expect(!batch.isEmpty)
        try db.write(batch, sync: true)
        #expect(try db.get("/x".b) == [3])
        #expect(try db.get("/y".b) == [2])
        #expect(try db.get("/old".b) == nil)

        // A batch against a closed database fails as a whole: nothing of it is applied.
        db.close()
        var second = KVWriteBatch()
        second.put("/z".b, [1])
        #expect(throws: KVError.self) { try db.write(second, sync: true) }
        let reopened = try KVDatabase(path: dir.sub("db"))
        #expect(try reopened.get("/z".b) == nil)
    }

    @Test func scanReturnsPrefixInOrder() throws {
        let dir = TempDir()
        let db = try KVDatabase(path: dir.sub("db"))
        var batch = KVWriteBatch()
        for key in ["/sectors/2", "/sectors/10", "/sectors/1", "/sector", "/storage/nextid", "/sectors0", "/a"] {
            batch.put(key.b, key.b)
        }
        try db.write(batch, sync: true)
        let entries = try db.scan(prefix: "/sectors/".b)
        #expect(entries.map { String(decoding: $0.key, as: UTF8.self) } == ["/sectors/1", "/sectors/10", "/sectors/2"])
        #expect(entries.allSatisfy { $0.key == $0.value })
        #expect(try db.scan(prefix: "/nothing".b).isEmpty)
        #expect(try db.scan(prefix: []).count == 7)
    }

    @Test func secondOpenIsLocked() throws {
        let dir = TempDir()
        let first = try KVDatabase(path: dir.sub("db"))
        do {
            _ = try KVDatabase(path: dir.sub("db"))
            Issue.record("second open succeeded")
        } catch {
            #expect(error.kind == .locked)
            #expect(error.message.contains("LOCK"))
        }
        first.close()
        // Closing releases the LOCK file.
        _ = try KVDatabase(path: dir.sub("db"))
    }

    @Test func missingDatabaseWithoutCreateIsNotFound() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.sub("plain"), withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: dir.sub("plain/file.txt")))
        var options = KVOptions()
        options.createIfMissing = false
        for path in [dir.sub("plain"), dir.sub("absent")] {
            do {
                _ = try KVDatabase(path: path, options: options)
                Issue.record("opened \(path)")
            } catch {
                #expect(error.kind == .notFound || error.kind == .corrupt, "\(error)")
            }
        }
        // Neither path was touched: no directory created, no LOCK/LOG left in the plain one.
        #expect(!FileManager.default.fileExists(atPath: dir.sub("absent")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.sub("plain")) == ["file.txt"])
    }

    @Test func errorIfExists() throws {
        let dir = TempDir()
        _ = try KVDatabase(path: dir.sub("db")).close()
        var options = KVOptions()
        options.errorIfExists = true
        #expect(throws: KVError.self) { try KVDatabase(path: dir.sub("db"), options: options) }
    }

    @Test(arguments: ["CURRENT", "MANIFEST"])
    func garbageMetadataIsAnError(file: String) throws {
        let dir = TempDir()
        let path = dir.sub("db")
        do {
            let db = try KVDatabase(path: path)
            try db.put("/k".b, [1], sync: true)
            db.close()
        }
        let name = file == "CURRENT"
            ? "CURRENT"
            : try #require(FileManager.default.contentsOfDirectory(atPath: path).first { $0.hasPrefix("MANIFEST-") })
        try Data(repeating: 0x5A, count: 300).write(to: URL(fileURLWithPath: path + "/" + name))
        var options = KVOptions()
        options.createIfMissing = false
        do {
            _ = try KVDatabase(path: path, options: options)
            Issue.record("opened a database with a garbage \(name)")
        } catch {
            #expect(error.kind == .corrupt || error.kind == .io || error.kind == .invalidArgument, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func concurrentUse() async throws {
        let dir = TempDir()
        let db = try KVDatabase(path: dir.sub("db"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for i in 0..<200 {
                        let key = "/w\(worker)/\(i)".b
                        try db.put(key, [UInt8(worker), UInt8(i & 0xFF)], sync: false)
                        #expect(try db.get(key) == [UInt8(worker), UInt8(i & 0xFF)])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try db.scan(prefix: "/w".b).count == 1600)
    }
}

@Suite(.tags(.fast)) struct KVErrorTests {
    @Test func classification() {
        #expect(KVError(leveldbMessage: "IO error: lock /x/LOCK: already held by process").kind == .locked)
        // Held by another process (fcntl F_SETLK fails with EAGAIN or EACCES): found by tools/faultbed,
        // where a second ferry run on a busy journal got "cannot open the journal … IO error".
        #expect(KVError(leveldbMessage: "IO error: lock /x/LOCK: Resource temporarily unavailable").kind == .locked)
        #expect(KVError(leveldbMessage: "IO error: lock /x/LOCK: Permission denied").kind == .locked)
        #expect(KVError(leveldbMessage: "IO error: /x/LOCK: Permission denied").kind == .io)
        #expect(KVError(leveldbMessage: "Invalid argument: /x/CURRENT: does not exist (create_if_missing is false)").kind == .notFound)
        #expect(KVError(leveldbMessage: "Corruption: CURRENT file does not end with newline").kind == .corrupt)
        #expect(KVError(leveldbMessage: "IO error: /x/000005.ldb: No such file or directory").kind == .io)
        #expect(KVError(leveldbMessage: "Invalid argument: /x: exists (error_if_exists is true)").kind == .invalidArgument)
        #expect(KVError(leveldbMessage: "Not implemented: x").kind == .other)
        #expect(KVError(leveldbMessage: "IO error: lock /x/LOCK: already held by process").description
            == "IO error: lock /x/LOCK: already held by process")
    }
}
