import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import FerryRPC
import RPCTestServers

/// The fakes must answer with the documented bytes (rpc-schemas.md §3.3, §4.2, §4.5), since they are
/// the independent check on the client; and the damocles fake must serve what the lead's
/// `--damocles-api` export path reads (`Venus.ListSectors`).
@Suite(.tags(.fast)) struct FakeServerWireTests {
    func post(_ url: String, _ body: String, headers: [String: String] = [:]) async throws -> (Int, String, String?) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type"))
    }

    @Test func lotusEnvelopes() async throws {
        let fake = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9, 10: LotusFixtures.deal10, 11: LotusFixtures.ddo11, 12: LotusFixtures.snap12])
        defer { fake.stop() }
        var (status, body, type) = try await post(fake.url, #"{"jsonrpc":"2.0","id":1,"method":"Filecoin.ActorAddress","params":[]}"#)
        #expect(status == 200 && body == "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":\"f01000\"}\n" && type == "application/json")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":2,"method":"Filecoin.SectorsList","params":[]}"#)
        #expect(body == "{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":[10,11,12,9]}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":3,"method":"Filecoin.SectorsStatus","params":[424242,true]}"#)
        #expect(status == 200 && body == "{\"error\":{\"code\":1,\"message\":\"No state for /424242: datastore: key not found\"},\"id\":3,\"jsonrpc\":\"2.0\"}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":3,"method":"Filecoin.SectorsStatus","params":[9,true]}"#)
        #expect(body == "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":\(LotusFixtures.cc9)}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":6,"method":"Filecoin.SectorNumReserve","params":["damocles",[1000,1004],false]}"#)
        #expect(status == 200 && body.contains(#""message":"missing permission to invoke 'SectorNumReserve' (need 'admin')""#))
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":1,"method":"Filecoin.ActorAddress","params":[]}"#, headers: ["Authorization": "Basic x"])
        #expect(status == 401 && body.isEmpty)
        (status, body, _) = try await post(fake.url, #"[{"jsonrpc":"2.0","id":1,"method":"Filecoin.ActorAddress","params":[]},{"jsonrpc":"2.0","id":2,"method":"Filecoin.SectorsList","params":[]}]"#)
        #expect(body == "[{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":\"f01000\"},{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":[10,11,12,9]}]\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":7,"method":"Filecoin.Foo","params":[]}"#)
        #expect(status == 500 && body == "{\"error\":{\"code\":-32601,\"message\":\"method 'Filecoin.Foo' not found\"},\"id\":7,\"jsonrpc\":\"2.0\"}\n")
    }

    @Test func damoclesEnvelopes() async throws {
        let fake = try FakeDamoclesManager(offline: [DamoclesFixtures.finalizedCC1000],
                                           storeInfos: ["store01": #"{"Name":"store01","Path":"/mnt/store01","Strict":false,"ReadOnly":false,"Weight":1,"Meta":null}"#],
                                           indexer: ["normal/m-1000-n-1000": #"{"Found":true,"Instance":{"SealedFile":"store01","CacheDir":"store01"}}"#])
        defer { fake.stop() }
        var (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":1,"method":"Venus.ListSectors","params":["offline",0]}"#)
        #expect(status == 200 && body == "{\"jsonrpc\":\"2.0\",\"result\":[\(DamoclesFixtures.finalizedCC1000)],\"id\":1}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":2,"method":"Venus.ImportSector","params":["offline",\#(DamoclesFixtures.finalizedCC1000),false]}"#)
        #expect(body == "{\"jsonrpc\":\"2.0\",\"result\":false,\"id\":2}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":3,"method":"Venus.FindSectorInAllStates","params":[{"Miner":1000,"Number":424242}]}"#)
        #expect(status == 200 && body == "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":1,\"message\":\"key not found\"}}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":4,"method":"Venus.SectorIndexerFind","params":["normal",{"Miner":1000,"Number":1000}]}"#)
        #expect(body == "{\"jsonrpc\":\"2.0\",\"result\":{\"Found\":true,\"Instance\":{\"SealedFile\":\"store01\",\"CacheDir\":\"store01\"}},\"id\":4}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":5,"method":"Venus.StoreBasicInfo","params":["store01"]}"#)
        #expect(body == "{\"jsonrpc\":\"2.0\",\"result\":{\"Name\":\"store01\",\"Path\":\"/mnt/store01\",\"Strict\":false,\"ReadOnly\":false,\"Weight\":1,\"Meta\":null},\"id\":5}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":1,"method":"Venus.Foo","params":[]}"#)
        #expect(status == 500 && body == "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"(error code -32601) method 'Venus.Foo' not found\"}}\n")
        (status, body, _) = try await post(fake.url, #"{"jsonrpc":"2.0","id":8,"method":"Venus.ListSectors","params":["offline"]}"#)
        #expect(status == 500 && body.contains("wrong param count (method 'Venus.ListSectors'): 1 != 2"))
        (status, body, _) = try await post(fake.url, #"[{"jsonrpc":"2.0","id":1,"method":"Venus.Version","params":[]}]"#)
        #expect(status == 500 && body.isEmpty)
    }

    @Test func listSectorsThroughTheClient() async throws {
        let fake = try FakeDamoclesManager(offline: ModelTests.damoclesRecords)
        defer { fake.stop() }
        let api = DamoclesAPI(client: JSONRPCClient(endpoint: try APIEndpoint(address: fake.multiaddr, token: nil)))
        let all = try await api.listSectors(.offline)
        // LevelDB key order: "m-1000-n-1000" < … < "m-1000-n-9" < "m-1000-n-900".
        #expect(all.map(\.id.number) == [1000, 1001, 1002, 1003, 9, 900])
        #expect(try await api.listSectors(.offline, job: .snapUp).map(\.id.number) == [1003, 9])
        #expect(try await api.listSectors(.online).isEmpty)
        let legacy = try #require(all.last)
        #expect(legacy.legacyDeals != .null && legacy.pieces == nil && legacy.ticket == nil && !legacy.finalized)
        #expect(try await api.findSectorInAllStates(SectorID(miner: 1000, number: 1003)).upgradePublic?.activation == 4702100)
        await #expect(throws: RPCError.server(method: "Venus.ListSectors", code: 1, message: "get iter for All: get iter: kv for worker state bogus does not exist")) {
            _ = try await JSONRPCClient(endpoint: try APIEndpoint(address: fake.url, token: nil)).call("Venus.ListSectors", [.string("bogus"), .int(0)], as: [DamoclesSectorState].self)
        }
    }
}
