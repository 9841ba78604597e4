import Foundation
import LotusMetadata
import RPCTestServers
import Testing
@testable import FerryRPC

/// Issue 15 end to end in the library: states from a fake damocles-manager, uids resolved by a
/// fake venus-messager, the datastore read back by goleveldb (the library lotus links).
@Suite(.serialized, .tags(.fast)) struct MetadataExportJobTests {
    static let landed = MessagerFixtures.landedCID
    static let conflict = MessagerFixtures.conflictCID
    static let upgradeLanded = "bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia"

    /// cc-1000 and its batch-mate 1004 share their uids; 1003 is snapped; 1002 has a DDO piece.
    static func world() throws -> (damocles: FakeDamoclesManager, messager: FakeMessager) {
        let batchMate = try ExportSupport.state("cc-1000", [(#""Number":1000}"#, #""Number":1004}"#)])
        let damocles = try FakeDamoclesManager(offline: [try ExportSupport.state("cc-1000"), batchMate,
                                                         try ExportSupport.state("ddo-1002"), try ExportSupport.state("snapped-1003")])
        let messages = [
            FakeMessager.Message(id: try ExportSupport.uid("cc-1000", "PreCommitCid"), state: 3, signedCid: landed),
            FakeMessager.Message(id: try ExportSupport.uid("cc-1000", "CommitCid"), state: 5, signedCid: conflict),
            FakeMessager.Message(id: try ExportSupport.uid("ddo-1002", "PreCommitCid"), state: 4, signedCid: nil),
            FakeMessager.Message(id: try ExportSupport.uid("ddo-1002", "CommitCid"), state: 3, signedCid: landed),
            FakeMessager.Message(id: try ExportSupport.uid("snapped-1003", "PreCommitCid"), state: 2, signedCid: nil),
            // snapped-1003's CommitCid is unknown to the messager.
            FakeMessager.Message(id: try ExportSupport.uid("snapped-1003", "UpgradeMessageID"), state: 3, signedCid: upgradeLanded),
        ]
        return (damocles, try FakeMessager(messages: messages, adminToken: MessagerFixtures.admin))
    }

    static func job(_ repo: String, _ damocles: FakeDamoclesManager, _ messager: FakeMessager?) throws -> MetadataExportJob {
        var options = ExportOptions(miner: Address(actorID: 1000))
        options.noBackup = true
        return MetadataExportJob(repo: LotusRepo(path: repo),
                                 source: .damocles(JSONRPCClient(endpoint: try APIEndpoint(address: damocles.url, token: nil))),
                                 messager: try messager.map { try MessagerFixtures.api($0) }, options: options)
    }

    @Test(.enabled(if: Host.hasGo, "`go` not found (apt install golang-go golang-github-syndtr-goleveldb-dev)"))
    func goleveldbReadsTheResolvedMessageCIDs() async throws {
        let tool = try GoLevelDB.tool.get()
        try await resolvedMessageCIDs { try #require(GoLevelDB.dump(tool, $0 + "/datastore/metadata")) }
    }

    /// The same export read back by ferry's own reader, where goleveldb cannot be built.
    @Test func ferryReadsTheResolvedMessageCIDs() async throws {
        try await resolvedMessageCIDs { try ExportSupport.snapshot($0) }
    }

    /// Exports the world's sectors and checks the message CIDs `readBack(repo)` finds.
    func resolvedMessageCIDs(readBack: (String) throws -> [String: [UInt8]]) async throws {
        let (damocles, messager) = try Self.world()
        defer { damocles.stop(); messager.stop() }
        let repo = try ExportSupport.makeRepo()
        defer { try? FileManager.default.removeItem(atPath: repo) }
        let report = try await Self.job(repo, damocles, messager).run()
        #expect(report.failureCount == 0 && report.written)
        // 9 uid fields in 4 sectors, 7 distinct: 1004 shares its batch's uids with 1000.
        #expect(report.messagerLookups == 7 && messager.calls.count == 7)

        let records = try readBack(repo)
        func info(_ n: Int) throws -> SectorInfo { try SectorInfo(cborBytes: try #require(records["/sectors/\(n)"])) }
        for n in [1000, 1004] {
            #expect(try info(n).preCommitMessage?.description == Self.landed)
            #expect(try info(n).commitMessage?.description == Self.conflict)
        }
        #expect(try info(1002).preCommitMessage == nil && info(1002).commitMessage?.description == Self.landed)
        #expect(try info(1003).preCommitMessage == nil && info(1003).commitMessage == nil)
        #expect(try info(1003).replicaUpdateMessage?.description == Self.upgradeLanded)
        let notes = report.sectors.flatMap(\.notes)
        #expect(notes.contains { $0.contains("has not landed (state FailedMsg (4))") })
        #expect(notes.contains { $0.contains("(record not found)") })
        #expect(notes.contains { $0.contains("nonce conflict") })
    }

    /// Without a messager a snapped sector still reads as upgraded to lotus: damocles' placeholder.
    @Test func snappedSectorWithoutMessagerGetsThePlaceholder() async throws {
        let (damocles, messager) = try Self.world()
        defer { damocles.stop(); messager.stop() }
        let repo = try ExportSupport.makeRepo()
        defer { try? FileManager.default.removeItem(atPath: repo) }
        let report = try await Self.job(repo, damocles, nil).run()
        #expect(report.written && report.messagerLookups == nil && messager.calls.isEmpty)
        let record = try SectorInfo(cborBytes: try #require(try ExportSupport.snapshot(repo)["/sectors/1003"]))
        #expect(record.replicaUpdateMessage?.description == "QmSGwDTT9CSKi1yXveLvqZAgyCCx9maA7qVwjy6WsYxQdN")
        #expect(report.messageCIDs.placeholders == 1 && report.messageCIDs.nulled == 8)
    }

    @Test func aMessagerThatIsDownOrRefusesTheTokenChangesNothing() async throws {
        let (damocles, messager) = try Self.world()
        defer { damocles.stop() }
        let repo = try ExportSupport.makeRepo()
        defer { try? FileManager.default.removeItem(atPath: repo) }
        let before = try ExportSupport.snapshot(repo)
        var wrongToken = try Self.job(repo, damocles, messager)
        wrongToken.messager = MessagerAPI(endpoint: try APIEndpoint(address: messager.url, token: "nope"), timeout: 30, maxReplyBytes: 1 << 20)
        await #expect(throws: MetadataExportFailure.self) { try await wrongToken.run() }
        messager.stop()
        do {
            _ = try await Self.job(repo, damocles, messager).run()
            Issue.record("exported with the messager down")
        } catch {
            // Lookups run concurrently: whichever message is asked first reports the refusal.
            #expect("\(error)".hasPrefix("cannot look up message bafk4bzaci") || "\(error)".hasPrefix("cannot look up message bafy2"), "\(error)")
            #expect("\(error)".hasSuffix("connection refused (is the daemon running and listening there?); nothing written"), "\(error)")
        }
        #expect(try ExportSupport.snapshot(repo) == before)
    }
}
