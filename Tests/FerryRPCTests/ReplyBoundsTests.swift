import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

/// Issue 11 items 7 and 8: a reply is bounded in time (as a whole, not per idle gap) and in size
/// (while it arrives, not after buffering it). Every assertion is about the outcome, never about
/// how long it took: the paced servers below make the wrong outcome the slow one.
@Suite(.tags(.fast)) struct ReplyBoundsTests {
    /// A complete, valid reply to any call: `"f01000"`, after `padding` spaces (JSON allows them).
    static func reply(padding: Int) -> Data {
        Data((String(repeating: " ", count: padding) + #"{"id":1,"jsonrpc":"2.0","result":"f01000"}"#).utf8)
    }

    static func server(_ body: Data, _ delivery: HTTPReply.Delivery) throws -> HTTPTestServer {
        try HTTPTestServer { _ in HTTPReply(status: 200, headers: [("Content-Type", "application/json")], body: body, delivery: delivery) }
    }

    static func client(_ server: HTTPTestServer, timeout: Double, maxReplyBytes: Int = JSONRPCClient.defaultMaxReplyBytes) throws -> JSONRPCClient {
        JSONRPCClient(endpoint: try APIEndpoint(address: "http://127.0.0.1:\(server.port)/rpc/v0", token: nil),
                      timeout: timeout, maxReplyBytes: maxReplyBytes)
    }

    static func url(_ server: HTTPTestServer) -> String { "http://127.0.0.1:\(server.port)/rpc/v0" }

    /// Before: URLSession's timeout restarted with every byte, so a byte per 200 ms kept a 1 s
    /// timeout from ever firing and the call succeeded after ~40 s. The reply is complete and
    /// valid, so the timeout error itself proves the client gave up before the server finished.
    @Test func tricklingServerHitsTheWholeReplyDeadline() async throws {
        let body = Self.reply(padding: 160)
        let server = try Self.server(body, .paced(contentLength: body.count, chunk: 1, interval: 0.2, holdOpen: 0))
        defer { server.stop() }
        let client = try Self.client(server, timeout: 1)
        await #expect(throws: RPCError.timeout(url: Self.url(server), seconds: 1)) {
            try await client.call("Filecoin.ActorAddress", as: String.self)
        }
    }

    /// The same paced delivery within a generous deadline is read whole: the server and padding
    /// above produce a valid reply, so only the deadline can have failed the call there.
    @Test func pacedReplyWithinTheDeadlineIsRead() async throws {
        let body = Self.reply(padding: 160)
        let server = try Self.server(body, .paced(contentLength: body.count, chunk: 8, interval: 0.01, holdOpen: 0))
        defer { server.stop() }
        #expect(try await Self.client(server, timeout: 600).call("Filecoin.ActorAddress", as: String.self) == "f01000")
    }

    /// Before: no cap; a 100 MB reply took 2.87 GB of memory.
    @Test func replyOverTheCapIsRefused() async throws {
        let body = Self.reply(padding: 2 << 20)
        let server = try Self.server(body, .complete)
        defer { server.stop() }
        let refused = RPCError.replyTooLarge(url: Self.url(server), limit: 1 << 20)
        await #expect(throws: refused) {
            try await Self.client(server, timeout: 600, maxReplyBytes: 1 << 20).call("Filecoin.ActorAddress", as: String.self)
        }
        #expect(refused.description == "reply from \(Self.url(server)) exceeds 1048576 bytes; raise --max-reply-size")
        // Raised above the reply's size, the same reply is read.
        #expect(try await Self.client(server, timeout: 600, maxReplyBytes: 4 << 20).call("Filecoin.ActorAddress", as: String.self) == "f01000")
    }

    /// A Content-Length over the cap is refused on the headers: this server announces 100 MB, sends
    /// nothing and keeps the connection open, so a client waiting for the body would time out.
    @Test func announcedLengthOverTheCapIsRefusedBeforeTheBody() async throws {
        let server = try Self.server(Data(), .paced(contentLength: 100_000_000, chunk: 1, interval: 0, holdOpen: 600))
        defer { server.stop() }
        await #expect(throws: RPCError.replyTooLarge(url: Self.url(server), limit: 1 << 20)) {
            try await Self.client(server, timeout: 300, maxReplyBytes: 1 << 20).call("Filecoin.ActorAddress", as: String.self)
        }
    }

    /// No Content-Length and a reply that never ends: 3 MiB, then the connection stays open. Only a
    /// client that counts while receiving can refuse it; one that buffers first waits and times out.
    @Test func unterminatedReplyIsRefusedWhileItArrives() async throws {
        let server = try Self.server(Self.reply(padding: 3 << 20), .paced(contentLength: nil, chunk: 64 << 10, interval: 0, holdOpen: 600))
        defer { server.stop() }
        await #expect(throws: RPCError.replyTooLarge(url: Self.url(server), limit: 1 << 20)) {
            try await Self.client(server, timeout: 300, maxReplyBytes: 1 << 20).call("Filecoin.ActorAddress", as: String.self)
        }
    }

    /// Issue 11 item 9 for damocles: a state for another sector or another miner is refused.
    @Test func findSectorRefusesAnotherSectorsState() async throws {
        let body = Data(#"{"id":1,"jsonrpc":"2.0","result":\#(DamoclesFixtures.importedUpgraded9)}"#.utf8)
        let server = try Self.server(body, .complete)
        defer { server.stop() }
        let api = DamoclesAPI(client: try Self.client(server, timeout: 600))
        #expect(try await api.findSectorInAllStates(SectorID(miner: 1000, number: 9)).id == SectorID(miner: 1000, number: 9))
        for asked in [SectorID(miner: 1000, number: 1009), SectorID(miner: 1001, number: 9)] {
            await #expect(throws: RPCError.unexpectedResult(method: "Venus.FindSectorInAllStates", detail: "asked for \(asked.display), got the state of s-t01000-9")) {
                _ = try await api.findSectorInAllStates(asked)
            }
        }
    }
}
