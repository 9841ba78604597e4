import Foundation
import Synchronization

/// lotus-miner's JSON-RPC endpoint as rpc-schemas.md §4 describes it: `/rpc/v0`, alphabetical
/// envelope keys, `Content-Type: application/json`, 401 with empty body for a bad bearer token, read
/// permission without any token, batches accepted.
public final class FakeLotusMiner: Sendable {
    /// HS256 JWT for `{"Allow":["read","write","sign","admin"]}` signed with 32 zero bytes (§5).
    public static let adminToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJBbGxvdyI6WyJyZWFkIiwid3JpdGUiLCJzaWduIiwiYWRtaW4iXX0.ScTxuA6m2BpsCtdfXy_I_7HbNccLJyZSqcZaYgw6eAA"

    public let actorAddress: String
    /// SectorsStatus results (raw JSON of api.SectorInfo) by sector number.
    public let sectors: [UInt64: String]
    public let faults: [Fault]
    private let server: HTTPTestServer
    private let log = CallLog()

    public var port: UInt16 { server.port }
    public var url: String { "http://127.0.0.1:\(port)/rpc/v0" }
    public var multiaddr: String { "/ip4/127.0.0.1/tcp/\(port)/http" }
    public var calls: [ReceivedCall] { log.all }

    public init(actorAddress: String = "f01000", sectors: [UInt64: String], faults: [Fault] = []) throws {
        self.actorAddress = actorAddress
        self.sectors = sectors
        self.faults = faults
        let box = HandlerBox()
        server = try HTTPTestServer { box.handle($0) }
        box.target.withLock { $0 = self }
    }

    public func stop() { server.stop() }

    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard request.path.split(separator: "?").first == "/rpc/v0" else { return HTTPReply(status: 404) }
        let auth = request.headers["authorization"]
        if let auth {
            // go-jsonrpc's auth handler: a header that is not a valid bearer JWT is a bare 401.
            guard auth.hasPrefix("Bearer "), auth.dropFirst(7) == Self.adminToken else { return HTTPReply(status: 401) }
        }
        let admin = auth != nil
        let body = request.body
        if let elements = RawJSON.elements(body) {
            if elements.isEmpty { return errorReply(idRaw: "null", code: -32600, message: "Invalid request") }
            let parts = elements.map { single($0, admin: admin, auth: auth) }
            let joined = "[" + parts.map { String(decoding: $0.body, as: UTF8.self).trimmingCharacters(in: .newlines) }.joined(separator: ",") + "]\n"
            return HTTPReply(status: 200, headers: [("Content-Type", "application/json")], body: Data(joined.utf8))
        }
        return single(body, admin: admin, auth: auth)
    }

    private func single(_ body: Data, admin: Bool, auth: String?) -> HTTPReply {
        guard let call = ParsedRequest.parse(body) else {
            return errorReply(idRaw: "null", code: -32700, message: "Parse error")
        }
        log.append(ReceivedCall(method: call.method, params: call.params, authorization: auth))
        let id = call.idRaw ?? "null"
                let sector = call.params.first.flatMap(RawJSON.uint)
        if let fault = faults.first(where: { $0.method == call.method && ($0.sector == nil || $0.sector == sector) }) {
            return RPCReplies.apply(fault.action, to: { dispatch(call, id: id, admin: admin) }) { errorReply(idRaw: id, code: $0, message: $1) }
        }
        return dispatch(call, id: id, admin: admin)
    }

    private func dispatch(_ call: ParsedRequest, id: String, admin: Bool) -> HTTPReply {
        func arity(_ n: Int) -> HTTPReply? {
            call.params.count == n ? nil
                : errorReply(idRaw: id, code: -32602, message: "wrong param count (method '\(call.method)'): \(call.params.count) != \(n)")
        }
        switch call.method {
        case "Filecoin.ActorAddress":
            return arity(0) ?? result(id, RawJSON.quote(actorAddress))
        case "Filecoin.SectorsList":
            // lotus lists in datastore key order: decimal strings compared bytewise.
            let numbers = sectors.keys.map(String.init).sorted()
            return arity(0) ?? result(id, "[" + numbers.joined(separator: ",") + "]")
        case "Filecoin.SectorsStatus":
            if let bad = arity(2) { return bad }
            guard let number = RawJSON.uint(call.params[0]) else {
                return errorReply(idRaw: id, code: -32700, message: "unmarshaling params for 'Filecoin.SectorsStatus' (param: *abi.SectorNumber): json: cannot unmarshal")
            }
            guard let info = sectors[number] else {
                return errorReply(idRaw: id, code: 1, message: "No state for /\(number): datastore: key not found")
            }
            return result(id, info)
        case "Filecoin.AuthVerify":
            return admin ? result(id, #"["read","write","sign","admin"]"#)
                : errorReply(idRaw: id, code: 1, message: "JWT Verification failed: token is not valid")
        case "Filecoin.SectorNumReserve", "Filecoin.SectorNumFree", "Filecoin.SectorNumReserveCount":
            let name = call.method.dropFirst("Filecoin.".count)
            return admin ? result(id, "null") : errorReply(idRaw: id, code: 1, message: "missing permission to invoke '\(name)' (need 'admin')")
        default:
            return errorReply(idRaw: id, code: -32601, message: "method '\(call.method)' not found")
        }
    }

    private func result(_ id: String, _ raw: String) -> HTTPReply {
        let body = #"{"id":\#(id),"jsonrpc":"2.0","result":\#(raw)}"# + "\n"
        return HTTPReply(status: 200, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
    }

    private func errorReply(idRaw: String, code: Int, message: String) -> HTTPReply {
        let body = #"{"error":{"code":\#(code),"message":\#(RawJSON.quote(message))},"id":\#(idRaw),"jsonrpc":"2.0"}"# + "\n"
        let status = code == 1 ? 200 : (code == -32600 ? 400 : 500)
        return HTTPReply(status: status, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
    }
}

/// Lets the server closure reach the fake that owns it without a retain cycle at init time.
final class HandlerBox: Sendable {
    let target = Mutex<(any RPCHandling)?>(nil)
    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard let t = target.withLock({ $0 }) else { return HTTPReply(status: 503) }
        return t.handle(request)
    }
}

protocol RPCHandling: Sendable {
    func handle(_ request: HTTPRequest) -> HTTPReply
}

extension FakeLotusMiner: RPCHandling {}
