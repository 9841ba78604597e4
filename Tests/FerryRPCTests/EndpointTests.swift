import Foundation
import Testing
@testable import FerryRPC

@Suite(.tags(.fast)) struct EndpointTests {
    @Test(arguments: [
        ("/ip4/127.0.0.1/tcp/2345/http", "http://127.0.0.1:2345/rpc/v0"),
        ("/ip4/127.0.0.1/tcp/2345", "http://127.0.0.1:2345/rpc/v0"),
        ("/ip4/127.0.0.1/tcp/1789/ws", "http://127.0.0.1:1789/rpc/v0"),
        ("/ip6/::1/tcp/2345/http", "http://[::1]:2345/rpc/v0"),
        ("/dns/localhost/tcp/2345/https", "https://localhost:2345/rpc/v0"),
        ("/dns4/miner.local/tcp/2345/wss", "https://miner.local:2345/rpc/v0"),
        ("http://127.0.0.1:2345", "http://127.0.0.1:2345/rpc/v0"),
        ("ws://127.0.0.1:2345/rpc/v0", "http://127.0.0.1:2345/rpc/v0"),
        ("127.0.0.1:1789", "http://127.0.0.1:1789/rpc/v0"),
        ("  /ip4/127.0.0.1/tcp/2345/http\n", "http://127.0.0.1:2345/rpc/v0"),
    ])
    func addresses(_ input: String, _ url: String) throws {
        #expect(try APIEndpoint(address: input, token: nil).url.absoluteString == url)
    }

    @Test(arguments: ["/ip4/127.0.0.1/http", "/tcp/2345", "/ip4/300.0.0.1/tcp/2345", "/ip4/127.0.0.1/tcp/x", "/ip4/127.0.0.1/tcp/2345/quic", "ftp://h:1", ""])
    func badAddresses(_ input: String) {
        #expect(throws: EndpointError.self) { try APIEndpoint(address: input, token: nil) }
    }

    @Test func minerAPIInfo() throws {
        let e = try MinerAPISource.fromAPIInfo("eyJ.a.b:/ip4/127.0.0.1/tcp/2345/http")
        #expect(e.token == "eyJ.a.b" && e.url.absoluteString == "http://127.0.0.1:2345/rpc/v0")
        let bare = try MinerAPISource.fromAPIInfo("/ip4/127.0.0.1/tcp/2345/http")
        #expect(bare.token == nil)
        let url = try MinerAPISource.fromAPIInfo("http://127.0.0.1:2345/rpc/v0")
        #expect(url.token == nil && url.url.absoluteString == "http://127.0.0.1:2345/rpc/v0")
        let multi = try MinerAPISource.fromAPIInfo("tok:/ip4/127.0.0.1/tcp/1/http,tok2:/ip4/127.0.0.1/tcp/2/http")
        #expect(multi.token == "tok" && multi.url.port == 1)
        #expect(throws: EndpointError.self) { try MinerAPISource.fromAPIInfo("justatoken") }
    }

    @Test func repoFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: EndpointError.self) { try MinerAPISource.fromRepo(dir.path) }
        try "/ip4/127.0.0.1/tcp/2345/http".write(to: dir.appendingPathComponent("api"), atomically: true, encoding: .utf8)
        #expect(try MinerAPISource.fromRepo(dir.path).token == nil)
        try "tok.en.x\n".write(to: dir.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let e = try MinerAPISource.fromRepo(dir.path)
        #expect(e.token == "tok.en.x" && e.url.absoluteString == "http://127.0.0.1:2345/rpc/v0")
    }
}
