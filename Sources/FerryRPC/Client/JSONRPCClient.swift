public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// JSON-RPC 2.0 over plain HTTP POST, one request per call, as go-jsonrpc serves it on `/rpc/v0`.
///
/// URLSession (FoundationNetworking, libcurl underneath) ships with the toolchain; the import does a
/// few hundred sequential calls, so a heavier HTTP stack buys nothing here.
public final class JSONRPCClient: Sendable {
    /// 64 MiB: a SectorsStatus reply is a few KiB and a million-sector SectorsList about 8 MiB;
    /// decoding holds several copies of a reply, so an uncapped one could take gigabytes.
    public static let defaultMaxReplyBytes = 64 << 20
    /// `--timeout` is whole seconds ≤ 1 day; the clamp only keeps the deadline arithmetic finite.
    static let maxTimeout: Double = 1_000_000

    public let endpoint: APIEndpoint
    /// Seconds for a whole reply, from sending the request to its last byte.
    public let timeout: Double
    public let maxReplyBytes: Int
    /// Sent with every request besides Content-Type and Authorization (venus clients add a namespace).
    public let headers: [(String, String)]
    private let session: URLSession
    private let collector: ReplyCollector
    private let nextID = Mutex<Int>(0)

    /// `timeout` is rounded up to whole seconds: measured on Linux, URLSession truncates its idle
    /// interval (also set, as a second guard) to whole seconds, so 0.5 s became an immediate timeout.
    public init(endpoint: APIEndpoint, timeout: Double = 60, maxReplyBytes: Int = JSONRPCClient.defaultMaxReplyBytes,
                headers: [(String, String)] = []) {
        let timeout = timeout.isNaN ? 60 : min(Self.maxTimeout, max(1, timeout.rounded(.up)))
        self.endpoint = endpoint
        self.headers = headers
        self.timeout = timeout
        self.maxReplyBytes = max(1, maxReplyBytes)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.httpShouldSetCookies = false
        config.urlCache = nil
        collector = ReplyCollector(maxReplyBytes: self.maxReplyBytes)
        self.session = URLSession(configuration: config, delegate: collector, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Calls `method` and decodes its `result` as `T`.
    public func call<T: Decodable>(_ method: String, _ params: [JSONValue] = [], as type: T.Type) async throws(RPCError) -> T {
        let body = try await send(method, params)
        do {
            return try JSONDecoder().decode(ResultEnvelope<T>.self, from: body).result
        } catch {
            throw .unexpectedResult(method: method, detail: Self.describe(error))
        }
    }

    /// Calls `method` and returns its `result` exactly as the server wrote it (`null` when absent),
    /// for callers whose own decoder must see the original bytes.
    public func callRaw(_ method: String, _ params: [JSONValue] = []) async throws(RPCError) -> Data {
        let body = try await send(method, params)
        guard let members = RawJSON.members(body) else {
            throw .unexpectedResult(method: method, detail: "not a JSON-RPC response object")
        }
        return members.last { $0.0 == "result" }?.1 ?? Data("null".utf8)
    }

    /// Sends one request and returns the raw response body after checking status and error object.
    func send(_ method: String, _ params: [JSONValue]) async throws(RPCError) -> Data {
        let id = nextID.withLock { value -> Int in
            value += 1
            return value
        }
        let request = JSONValue.object([
            ("jsonrpc", .string("2.0")),
            ("id", .int(Int64(id))),
            ("method", .string(method)),
            ("params", .array(params)),
        ])
        var urlRequest = URLRequest(url: endpoint.url, timeoutInterval: timeout)
        urlRequest.httpMethod = "POST"
        urlRequest.httpBody = request.data
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if let token = endpoint.token {
            urlRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }

        let (data, response) = try await receive(urlRequest)
        let url = endpoint.url.absoluteString
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 401 { throw .unauthorized(url: url) }

        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            // go-jsonrpc answers protocol errors with a non-200 status and sometimes no body at all.
            if status != 200 { throw .httpStatus(url: url, status: status) }
            throw .malformedReply(method: method, url: url, detail: Self.snippet(data))
        }
        let probe: ErrorProbe
        do {
            probe = try JSONDecoder().decode(ErrorProbe.self, from: data)
        } catch {
            throw .unexpectedResult(method: method, detail: "not a JSON-RPC response: \(Self.describe(error))")
        }
        if let error = probe.error {
            throw .server(method: method, code: error.code, message: error.message)
        }
        if status != 200 { throw .httpStatus(url: url, status: status) }
        return data
    }

    /// The whole reply within `timeout` and `maxReplyBytes`, both enforced while it arrives.
    private func receive(_ request: URLRequest) async throws(RPCError) -> (Data, URLResponse?) {
        let url = endpoint.url.absoluteString
        switch await collector.run(session.dataTask(with: request), deadline: timeout) {
        case let .reply(data, response): return (data, response)
        case .failed(let error): throw mapTransport(error)
        case .tooLarge: throw .replyTooLarge(url: url, limit: maxReplyBytes)
        case .timedOut: throw .timeout(url: url, seconds: timeout)
        }
    }

    private func mapTransport(_ error: any Error) -> RPCError {
        let url = endpoint.url.absoluteString
        guard let urlError = error as? URLError else {
            return .transport(url: url, detail: "\(error)")
        }
        switch urlError.code {
        case .timedOut: return .timeout(url: url, seconds: timeout)
        case .cannotConnectToHost: return .connectionRefused(url: url)
        case .networkConnectionLost: return .connectionClosed(url: url)
        case .cannotFindHost, .dnsLookupFailed: return .hostNotFound(url: url)
        default:
            // Measured with swift-corelibs-foundation 6.3.1: a reply cut short surfaces as code -1 with
            // libcurl's text ("transfer closed with N bytes remaining to read", or "Empty reply from
            // server" when nothing arrived), not as .networkConnectionLost.
            let text = urlError.localizedDescription
            if text.contains("transfer closed") || text.contains("Empty reply from server") {
                return .connectionClosed(url: url)
            }
            return .transport(url: url, detail: text)
        }
    }

    private static func snippet(_ data: Data) -> String {
        if data.isEmpty { return "empty body" }
        let text = String(decoding: data.prefix(120), as: UTF8.self)
        return "\(data.count) bytes starting \(text.debugDescription)"
    }

    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case let .keyNotFound(key, ctx):
            return "missing key \(Self.path(ctx.codingPath + [key]))"
        case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx), let .dataCorrupted(ctx):
            return "\(Self.path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "result" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

struct RPCErrorObject: Decodable {
    let code: Int
    let message: String
}

private struct ErrorProbe: Decodable {
    let error: RPCErrorObject?
}

private struct ResultEnvelope<T: Decodable>: Decodable {
    let result: T
}
