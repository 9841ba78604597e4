import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

/// Each transport/protocol failure must surface as its own RPCError case (one clear message each).
@Suite(.tags(.fast)) struct ClientFaultTests {
    private func lotus(_ fake: FakeLotusMiner, token: String? = FakeLotusMiner.adminToken, timeout: Double = 60) throws -> LotusMinerAPI {
        LotusMinerAPI(client: JSONRPCClient(endpoint: try APIEndpoint(address: fake.multiaddr, token: token), timeout: timeout))
    }

    @Test func sendsBearerTokenAndDecodesResult() async throws {
        let fake = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9])
        defer { fake.stop() }
        let api = try lotus(fake)
        #expect(try await api.actorAddress() == "f01000")
        #expect(try await api.sectorsList() == [9])
        #expect(fake.calls.map(\.authorization) == ["Bearer \(FakeLotusMiner.adminToken)", "Bearer \(FakeLotusMiner.adminToken)"])
        let info = try await api.sectorsStatus(9)
        #expect(info.state == "Proving" && info.sectorID == 9 && info.sealProof == 8)
        #expect(fake.calls.last?.paramText(0) == "9" && fake.calls.last?.paramText(1) == "true")
    }

    @Test func noTokenSendsNoHeaderAndGetsReadAccess() async throws {
        let fake = try FakeLotusMiner(sectors: [:])
        defer { fake.stop() }
        #expect(try await lotus(fake, token: nil).actorAddress() == "f01000")
        #expect(fake.calls.first?.authorization == nil)
    }

    @Test func badTokenIsUnauthorized() async throws {
        let fake = try FakeLotusMiner(sectors: [:])
        defer { fake.stop() }
        let url = fake.url
        await #expect(throws: RPCError.unauthorized(url: url)) { try await lotus(fake, token: "not.a.jwt").actorAddress() }
    }

    @Test func connectionRefused() async throws {
        let fake = try FakeLotusMiner(sectors: [:])
        let address = fake.multiaddr, url = fake.url
        fake.stop()
        let api = LotusMinerAPI(client: JSONRPCClient(endpoint: try APIEndpoint(address: address, token: nil), timeout: 60))
        await #expect(throws: RPCError.connectionRefused(url: url)) { try await api.actorAddress() }
    }

    @Test func serverClosingMidReply() async throws {
        let fake = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9], faults: [Fault(method: "Filecoin.SectorsStatus", .closeMidReply)])
        defer { fake.stop() }
        let url = fake.url
        await #expect(throws: RPCError.connectionClosed(url: url)) { try await lotus(fake).sectorsStatus(9) }
    }

    @Test func malformedJSON() async throws {
        let fake = try FakeLotusMiner(sectors: [9: LotusFixtures.cc9], faults: [Fault(method: "Filecoin.SectorsStatus", .malformedJSON)])
        defer { fake.stop() }
        let error = await #expect(throws: RPCError.self) { try await lotus(fake).sectorsStatus(9) }
        guard case .malformedReply(let method, _, _) = error else {
            Issue.record("expected malformedReply, got \(String(describing: error))")
            return
        }
        #expect(method == "Filecoin.SectorsStatus")
    }

    @Test func jsonRPCErrorObject() async throws {
        let fake = try FakeLotusMiner(sectors: [:])
        defer { fake.stop() }
        await #expect(throws: RPCError.server(method: "Filecoin.SectorsStatus", code: 1, message: "No state for /424242: datastore: key not found")) {
            try await lotus(fake).sectorsStatus(424242)
        }
        // A protocol error comes with HTTP 500 and must still be read as the JSON-RPC error it is.
        let client = JSONRPCClient(endpoint: try APIEndpoint(address: fake.url, token: nil))
        await #expect(throws: RPCError.server(method: "Filecoin.Nope", code: -32601, message: "method 'Filecoin.Nope' not found")) {
            _ = try await client.call("Filecoin.Nope", as: String.self)
        }
    }

    @Test func slowReplyTimesOut() async throws {
        let fake = try FakeLotusMiner(sectors: [:], faults: [Fault(method: "Filecoin.ActorAddress", .slow(seconds: 3))])
        defer { fake.stop() }
        let url = fake.url
        let start = Date()
        // 0.5 is rounded up to 1 s (URLSession on Linux only honours whole seconds).
        await #expect(throws: RPCError.timeout(url: url, seconds: 1)) { try await lotus(fake, timeout: 0.5).actorAddress() }
        // The fake answers after 3 s, so the thrown timeout already proves the client gave up
        // first; no upper bound on wall time here, because the parallel suite can starve this
        // task on 2 cores (seen: 15.9 s) without the client being wrong.
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.9, "gave up before its timeout: \(elapsed) s")
    }

    @Test func bareHTTPErrorStatus() async throws {
        let fake = try FakeLotusMiner(sectors: [:], faults: [Fault(method: "Filecoin.ActorAddress", .httpStatus(502))])
        defer { fake.stop() }
        let url = fake.url
        await #expect(throws: RPCError.httpStatus(url: url, status: 502)) { try await lotus(fake).actorAddress() }
    }

    @Test func wrongResultShape() async throws {
        let fake = try FakeLotusMiner(sectors: [:])
        defer { fake.stop() }
        let client = JSONRPCClient(endpoint: try APIEndpoint(address: fake.url, token: nil))
        let error = await #expect(throws: RPCError.self) { _ = try await client.call("Filecoin.ActorAddress", as: [UInt64].self) }
        guard case .unexpectedResult(let method, _) = error else {
            Issue.record("expected unexpectedResult, got \(String(describing: error))")
            return
        }
        #expect(method == "Filecoin.ActorAddress")
    }

    @Test func everyMessageIsOneLine() {
        let errors: [RPCError] = [
            .timeout(url: "u", seconds: 1), .replyTooLarge(url: "u", limit: 1), .connectionRefused(url: "u"), .connectionClosed(url: "u"),
            .unauthorized(url: "u"), .httpStatus(url: "u", status: 500), .server(method: "m", code: 1, message: "x"),
            .malformedReply(method: "m", url: "u", detail: "d"), .unexpectedResult(method: "m", detail: "d"),
        ]
        #expect(Set(errors.map(\.description)).count == errors.count)
        #expect(errors.allSatisfy { !$0.description.contains("\n") })
    }
}
