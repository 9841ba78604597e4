import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

/// The whole flow against both fakes in-process: what reaches damocles, sector by sector.
@Suite(.tags(.fast)) struct ImportRunnerTests {
    static let importable: [UInt64] = [9, 10, 11, 12, 15, 16, 20]
    static let skipped: [UInt64: String] = [
        13: "unexpected sector state Available", 14: "no ticket", 17: "unexpected sector state Removed",
        18: "no proof",
    ]

    func client(_ address: String, token: String? = nil) throws -> JSONRPCClient {
        JSONRPCClient(endpoint: try APIEndpoint(address: address, token: token), timeout: 60)
    }

    func runner(_ lotus: FakeLotusMiner, _ target: (any ImportTarget)?) throws -> ImportRunner {
        ImportRunner(lotus: LotusMinerAPI(client: try client(lotus.multiaddr, token: FakeLotusMiner.adminToken)), target: target)
    }

    func expectedState(_ number: UInt64) throws -> DamoclesSectorState {
        let info = try JSONDecoder().decode(LotusSectorInfo.self, from: Data(LotusFixtures.all[number]!.utf8))
        return try SectorStateMapper(miner: 1000).map(info)
    }

    @Test func importsIntoDamoclesOfflineStore() async throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all)
        let damocles = try FakeDamoclesManager()
        defer { lotus.stop(); damocles.stop() }
        let target = DamoclesImportTarget(api: DamoclesAPI(client: try client(damocles.multiaddr)))
        let report = try await runner(lotus, target).run(numbers: nil, override: false)

        #expect(report.sectors.map(\.id.number) == Array(9...20))
        #expect(report.imported == Self.importable.count)
        #expect(report.failed == 0 && report.notImported == 0)
        for (number, reason) in Self.skipped {
            #expect(report.sectors.first { $0.id.number == number }?.outcome == .skipped(SkipReasonText(reason).reason))
        }
        // Call sequence: ActorAddress, SectorsList, then SectorsStatus [n, true] per sector.
        let methods = lotus.calls.map(\.method)
        #expect(methods.prefix(2) == ["Filecoin.ActorAddress", "Filecoin.SectorsList"])
        #expect(lotus.calls.dropFirst(2).allSatisfy { $0.method == "Filecoin.SectorsStatus" && $0.paramText(1) == "true" })

        // Exactly the importable sectors reach the offline store, nothing goes online.
        #expect(damocles.storedKeys(in: .offline) == Self.importable.map { "m-1000-n-\($0)" }.sorted())
        #expect(damocles.storedKeys(in: .online).isEmpty)
        for call in damocles.calls {
            #expect(call.method == "Venus.ImportSector" && call.paramText(0) == #""offline""# && call.paramText(2) == "false")
            #expect(call.authorization == nil)
        }
        // Byte for byte what the mapper produced; and field by field for each kind of sector.
        for number in Self.importable {
            let stored = try #require(damocles.storedState(miner: 1000, number: number))
            #expect(String(decoding: stored, as: UTF8.self) == (try expectedState(number)).json.encoded)
        }
        let fields = try storedFields(damocles, 10)
        #expect(fields["Finalized"] as? Bool == true && fields["Imported"] as? Bool == true && fields["Upgraded"] as? Bool == false)
        #expect(fields["LatestState"] == nil && fields["Deals"] is NSNull)
        let deal = try #require(((fields["Pieces"] as? [[String: Any]])?.first?["DealInfo"]) as? [String: Any])
        #expect(deal["DealID"] as? Int == 98765432 && deal["IsBuiltinMarket"] as? Bool == true && deal["IsCompatible"] as? Bool == true)
        #expect((deal["PublishCid"] as? [String: String])?["/"] == "bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia")
        let ddo = try #require((((try storedFields(damocles, 11))["Pieces"] as? [[String: Any]])?.first?["DealInfo"]) as? [String: Any])
        #expect(ddo["AllocationID"] as? Int == 45678 && ddo["PublishCid"] is NSNull && ddo["Client"] as? String == "f02345678")
        let snap = try storedFields(damocles, 12)
        #expect(snap["Upgraded"] as? Bool == true && snap["UpgradeMessageID"] as? String == LotusFixtures.commitCID)
        #expect((snap["UpgradePublic"] as? [String: Any])?["Activation"] as? Int == 4702100)
        let cc = try storedFields(damocles, 9)
        #expect((cc["Ticket"] as? [String: Any])?["Ticket"] as? String == "180Cguxx8YkHjxjtO1fbl0WautAWou+vK2F8d/ZdKa0=")
        #expect((cc["Seed"] as? [String: Any])?["Epoch"] as? Int == 3001080)
        #expect(((cc["MessageInfo"] as? [String: Any])?["CommitCid"] as? [String: String])?["/"] == "bafy2bzacebsl2hodcyqp5jtipimnvzp62v7p5vbepbkns5j644lxv24o7d2ak")
        #expect((cc["Proof"] as? [String: Any])?["Proof"] as? String == "F8u9HSADeVotcmrflXbDMbC/2rU1DnZA35Q6QMzw1zc40Mnu9l9BZt5AmpnlAWmN")

        // What damocles now lists decodes back to the same states.
        let listed = try await DamoclesAPI(client: try client(damocles.url)).listSectors(.offline)
        #expect(listed.count == Self.importable.count)
        for state in listed { #expect(state == (try expectedState(state.id.number))) }
    }

    @Test func existingSectorsNeedOverride() async throws {
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9, 10: LotusFixtures.deal10])
        let damocles = try FakeDamoclesManager(offline: [DamoclesFixtures.importedUpgraded9])
        defer { lotus.stop(); damocles.stop() }
        let target = DamoclesImportTarget(api: DamoclesAPI(client: try client(damocles.url)))
        let first = try await runner(lotus, target).run(numbers: [9, 10], override: false)
        #expect(first.sectors.map(\.outcome) == [.notImported, .imported])
        #expect(String(decoding: try #require(damocles.storedState(miner: 1000, number: 9)), as: UTF8.self) == DamoclesFixtures.importedUpgraded9)
        #expect(first.hasFailures == false)

        let second = try await runner(lotus, target).run(numbers: [9], override: true)
        #expect(second.sectors.map(\.outcome) == [.imported])
        #expect(String(decoding: try #require(damocles.storedState(miner: 1000, number: 9)), as: UTF8.self) == (try expectedState(9)).json.encoded)
        #expect(lotus.calls.filter { $0.method == "Filecoin.SectorsList" }.isEmpty)
    }

    @Test func failuresDoNotStopOtherSectors() async throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all, faults: [
            Fault(method: "Filecoin.SectorsStatus", sector: 10, .closeMidReply),
            Fault(method: "Filecoin.SectorsStatus", sector: 11, .malformedJSON),
        ])
        let damocles = try FakeDamoclesManager(faults: [Fault(method: "Venus.ImportSector", sector: 12, .rpcError(code: 1, message: "disk full"))])
        defer { lotus.stop(); damocles.stop() }
        let target = DamoclesImportTarget(api: DamoclesAPI(client: try client(damocles.url)))
        let report = try await runner(lotus, target).run(numbers: [9, 10, 11, 12, 42], override: false)
        let outcomes = Dictionary(uniqueKeysWithValues: report.sectors.map { ($0.id.number, $0.outcome) })
        #expect(outcomes[9] == .imported)
        #expect(outcomes[10] == .failed("get sector info: \(RPCError.connectionClosed(url: lotus.url))"))
        guard case .failed(let malformed) = outcomes[11] else { Issue.record("11 should fail"); return }
        #expect(malformed.contains("not valid JSON"))
        #expect(outcomes[12] == .failed("\(RPCError.server(method: "Venus.ImportSector", code: 1, message: "disk full"))"))
        #expect(outcomes[42] == .failed("get sector info: \(RPCError.server(method: "Filecoin.SectorsStatus", code: 1, message: "No state for /42: datastore: key not found"))"))
        #expect(report.failed == 4 && report.hasFailures)
        #expect(damocles.storedKeys(in: .offline) == ["m-1000-n-9"])
    }

    @Test func nonIDActorAddressStopsEverything() async throws {
        let lotus = try FakeLotusMiner(actorAddress: "f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a", sectors: [:])
        defer { lotus.stop() }
        await #expect(throws: ImportError.notIDAddress(lotus.actorAddress)) { try await runner(lotus, nil).run(numbers: nil, override: false) }
    }

    @Test func badTokenStopsEverything() async throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all)
        defer { lotus.stop() }
        let runner = ImportRunner(lotus: LotusMinerAPI(client: try client(lotus.url, token: "wrong")), target: nil)
        await #expect(throws: ImportError.actorAddress(.unauthorized(url: lotus.url))) { try await runner.run(numbers: nil, override: false) }
    }

    @Test func directoryFilesParseBackToTheSameStates() async throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all)
        defer { lotus.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = DirectoryImportTarget(directory: dir)
        let report = try await runner(lotus, target).run(numbers: nil, override: false)
        #expect(report.imported == Self.importable.count)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == Self.importable.map { "s-t01000-\($0).json" }.sorted())
        for number in Self.importable {
            let data = try Data(contentsOf: target.fileURL(for: SectorID(miner: 1000, number: number)))
            // export-json's format: one compact line plus newline.
            #expect(data.last == UInt8(ascii: "\n") && !data.dropLast().contains(UInt8(ascii: "\n")))
            let parsed = try JSONDecoder().decode(DamoclesSectorState.self, from: data)
            #expect(parsed == (try expectedState(number)))
            #expect(parsed.finalized, "import-json picks the offline store only for finalized states")
        }
        let again = try await runner(lotus, target).run(numbers: [9], override: false)
        #expect(again.sectors.map(\.outcome) == [.notImported])
    }

    @Test func dryRunWritesNothing() async throws {
        let lotus = try FakeLotusMiner(sectors: LotusFixtures.all)
        defer { lotus.stop() }
        let report = try await runner(lotus, nil).run(numbers: [9, 13], override: false)
        #expect(report.sectors.map(\.outcome) == [.wouldImport, .skipped(.unexpectedState("Available"))])
        #expect(report.summaryLine.contains("would import 1, skipped 1, failed 0"))
    }

    /// Issue 11 item 9: asked for 9 and given 1009, ferry wrote s-t01000-1009.json and reported 9
    /// imported. A reply for another sector now fails the asked-for sector and writes nothing.
    @Test func replyForAnotherSectorFailsThatSector() async throws {
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.variant(number: 1009), 10: LotusFixtures.deal10])
        defer { lotus.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try await runner(lotus, DirectoryImportTarget(directory: dir)).run(numbers: [9, 10], override: false)
        #expect(report.sectors.map(\.outcome) == [.failed("lotus-miner answered SectorsStatus for sector 9 with sector 1009"), .imported])
        #expect(report.sectors.first?.line == "s-t01000-9: import failed: lotus-miner answered SectorsStatus for sector 9 with sector 1009")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["s-t01000-10.json"])
    }

    /// Issue 11 item 4 through the runner: an overflowing record is a failure (exit 1), also in a
    /// dry run, and reaches no target; the other sectors go on.
    @Test func invalidRecordFailsItsSectorOnly() async throws {
        let lotus = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9, 10: LotusFixtures.pieceSizeOverflow10])
        let damocles = try FakeDamoclesManager()
        defer { lotus.stop(); damocles.stop() }
        let expected = SectorOutcome.failed("invalid lotus sector record: Pieces[1].Piece.Size = 17179869184: the piece sizes up to this one add up to more than 2^64-1 bytes")
        let dry = try await runner(lotus, nil).run(numbers: [9, 10], override: false)
        #expect(dry.sectors.map(\.outcome) == [.wouldImport, expected] && dry.hasFailures)
        let target = DamoclesImportTarget(api: DamoclesAPI(client: try client(damocles.url)))
        let real = try await runner(lotus, target).run(numbers: [9, 10], override: false)
        #expect(real.sectors.map(\.outcome) == [.imported, expected])
        #expect(damocles.storedKeys(in: .offline) == ["m-1000-n-9"])
    }

    private func storedFields(_ damocles: FakeDamoclesManager, _ number: UInt64) throws -> [String: Any] {
        let data = try #require(damocles.storedState(miner: 1000, number: number))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// Maps the printed reason back to the enum, so the table above reads like damocles' log lines.
private struct SkipReasonText {
    let reason: SkipReason
    init(_ text: String) {
        let all: [SkipReason] = [.noTicket, .noProof, .noSeed, .noCommD, .noCommR, .unexpectedState("Available"), .unexpectedState("Removed")]
        reason = all.first { $0.description == text }!
    }
}
