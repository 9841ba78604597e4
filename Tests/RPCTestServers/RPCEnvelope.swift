public import Foundation
import Synchronization

/// One JSON-RPC request as received, params kept as raw bytes.
public struct ReceivedCall: Sendable, Equatable {
    public var method: String
    public var params: [Data]
    public var authorization: String?

    public func param(_ i: Int) -> Data? { i < params.count ? params[i] : nil }
    public func paramText(_ i: Int) -> String? { param(i).map { String(decoding: $0, as: UTF8.self) } }
}

struct ParsedRequest {
    var idRaw: String?
    var method: String
    var params: [Data]

    static func parse(_ body: Data) -> ParsedRequest? {
        guard let members = RawJSON.members(body) else { return nil }
        var idRaw: String?
        var method: String?
        var params: [Data] = []
        for (key, raw) in members {
            switch key {
            case "id": idRaw = String(decoding: raw, as: UTF8.self)
            case "method": method = RawJSON.string(raw)
            case "params":
                if String(decoding: raw, as: UTF8.self) == "null" { continue }
                guard let list = RawJSON.elements(raw) else { return nil }
                params = list
            default: continue
            }
        }
        guard let method else { return nil }
        return ParsedRequest(idRaw: idRaw, method: method, params: params)
    }
}

/// A misbehaviour the fakes can be told to show for one method (and optionally one sector).
public struct Fault: Sendable {
    public enum Action: Sendable {
        /// A JSON-RPC error object (code 1 → HTTP 200 as for application errors, others → 500).
        case rpcError(code: Int, message: String)
        /// Send the headers and half of the reply body, then close the connection.
        case closeMidReply
        /// A complete HTTP reply whose body is not valid JSON.
        case malformedJSON
        /// Answer only after this many seconds.
        case slow(seconds: Double)
        /// A bare HTTP status with an empty body.
        case httpStatus(Int)
    }

    public var method: String
    public var sector: UInt64?
    public var action: Action

    public init(method: String, sector: UInt64? = nil, _ action: Action) {
        self.method = method
        self.sector = sector
        self.action = action
    }
}

/// Calls seen by a fake, for assertions.
final class CallLog: Sendable {
    private let calls = Mutex<[ReceivedCall]>([])
    func append(_ call: ReceivedCall) { calls.withLock { $0.append(call) } }
    var all: [ReceivedCall] { calls.withLock { $0 } }
}

enum RPCReplies {
    /// Applies a matching fault. Only delivery faults (cut reply, slow reply) run the method first,
    /// as a server that did the work and then failed to answer would; error faults do not run it.
    static func apply(_ fault: Fault.Action, to dispatch: () -> HTTPReply, error: (Int, String) -> HTTPReply) -> HTTPReply {
        let normal: HTTPReply
        switch fault {
        case .rpcError, .httpStatus: normal = HTTPReply(status: 200)
        case .malformedJSON: normal = HTTPReply(status: 200, headers: [("Content-Type", "application/json")])
        case .closeMidReply, .slow: normal = dispatch()
        }
        switch fault {
        case let .rpcError(code, message): return error(code, message)
        case .closeMidReply:
            var r = normal
            r.delivery = .closeAfter(bytes: max(1, normal.body.count / 2))
            return r
        case .malformedJSON:
            var r = normal
            r.body = Data(#"{"id":1,"jsonrpc":"2.0","result":{"SectorID":9,"State":"Proving","CommD":{"/":"baga6ea4"#.utf8) + Data("\n".utf8)
            return r
        case .slow(let seconds):
            var r = normal
            r.delivery = .delayed(seconds: seconds)
            return r
        case .httpStatus(let status):
            return HTTPReply(status: status)
        }
    }
}
