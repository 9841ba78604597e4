import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

/// `DamoclesAPI.listSectorsRaw` hands each SectorState on exactly as damocles sent it, so export's
/// own reader decides what is missing or malformed.
@Suite(.tags(.fast)) struct RawListSectorsTests {
    func api(_ fake: FakeDamoclesManager) throws -> DamoclesAPI {
        DamoclesAPI(client: JSONRPCClient(endpoint: try APIEndpoint(address: fake.url, token: nil), timeout: 60))
    }

    @Test func elementsAreTheBytesTheServerSent() async throws {
        let docs = [DamoclesFixtures.finalizedCC1000, DamoclesFixtures.snapped1003, DamoclesFixtures.legacy900]
        let fake = try FakeDamoclesManager(offline: docs, online: [DamoclesFixtures.builtinDeal1001])
        defer { fake.stop() }
        let raw = try await api(fake).listSectorsRaw(.offline)
        // The fake lists in key order: m-1000-n-1000, m-1000-n-1003, m-1000-n-900.
        #expect(raw.map { String(decoding: $0, as: UTF8.self) } == docs)
    }

    @Test func serverErrorsPassThroughAndCutOrWrongShapesAreRefused() async throws {
        let fake = try FakeDamoclesManager(faults: [Fault(method: "Venus.ListSectors", .rpcError(code: 1, message: "boom"))])
        defer { fake.stop() }
        await #expect(throws: RPCError.server(method: "Venus.ListSectors", code: 1, message: "boom")) {
            try await api(fake).listSectorsRaw(.offline)
        }
        #expect(RawJSON.members(Data(#"{"jsonrpc":"2.0","result":null,"id":1}"#.utf8))?.first { $0.0 == "result" }?.1 == Data("null".utf8))
        #expect(RawJSON.elements(Data(#"[{"a":"x\"]}"}, {"b":[1,{}]} ]"#.utf8))?.map { String(decoding: $0, as: UTF8.self) }
            == [#"{"a":"x\"]}"}"#, #"{"b":[1,{}]}"#])
        #expect(RawJSON.elements(Data(#"[{"a":1}"#.utf8)) == nil, "a cut-short array is not a list")
        #expect(RawJSON.elements(Data(#"{"a":1}"#.utf8)) == nil)
    }
}
