import Foundation
import Synchronization

/// venus-/sophon-messager's `Message` JSON-RPC namespace on `/rpc/v0` (messager.md §3), enough for
/// `GetMessageByUid`: sophon-auth's token check in front (401, empty body, for a missing or unknown
/// bearer token), the signer check behind it for non-admin tokens (`permission deny`), gorm's
/// `record not found` for unknown ids, and replies in venus' `types/messager.Message` JSON shape.
public final class FakeMessager: Sendable {
    public struct Message: Sendable {
        public var id: String
        /// venus `MessageState`: 1 UnFillMsg, 2 FillMsg, 3 OnChainMsg, 4 FailedMsg, 5 NonceConflictMsg.
        public var state: Int
        public var signedCid: String?
        /// Sender; a non-admin token sees the message only when its user owns this address.
        public var from: String
        /// Replaces the whole `result` (for replies a messager would never send).
        public var rawResult: String?

        public init(id: String, state: Int, signedCid: String?, from: String = "f3owned", rawResult: String? = nil) {
            self.id = id
            self.state = state
            self.signedCid = signedCid
            self.from = from
            self.rawResult = rawResult
        }
    }

    private let messages: [String: Message]
    private let adminToken: String
    /// A non-admin token and the sender addresses its user owns.
    private let userToken: (token: String, user: String, signers: Set<String>)?
    private let faults: [Fault]
    private let server: HTTPTestServer
    private let log = CallLog()

    public var port: UInt16 { server.port }
    public var url: String { "http://127.0.0.1:\(port)/rpc/v0" }
    public var multiaddr: String { "/ip4/127.0.0.1/tcp/\(port)" }
    public var calls: [ReceivedCall] { log.all }
    /// The `X-VENUS-API-NAMESPACE` header of every request that passed the token check.
    public var namespaceHeaders: [String?] { namespaces.withLock { $0 } }
    private let namespaces = Mutex<[String?]>([])

    public init(messages: [Message], adminToken: String, userToken: (token: String, user: String, signers: Set<String>)? = nil,
                faults: [Fault] = []) throws {
        self.messages = Dictionary(messages.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.adminToken = adminToken
        self.userToken = userToken
        self.faults = faults
        let box = HandlerBox()
        server = try HTTPTestServer { box.handle($0) }
        box.target.withLock { $0 = self }
    }

    public func stop() { server.stop() }
}

extension FakeMessager: RPCHandling {
    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard request.path.split(separator: "?").first == "/rpc/v0" else { return HTTPReply(status: 404) }
        let auth = request.headers["authorization"]
        let admin = auth == "Bearer \(adminToken)"
        let user = userToken.flatMap { auth == "Bearer \($0.token)" ? $0 : nil }
        guard admin || user != nil else { return HTTPReply(status: 401) }
        guard let call = ParsedRequest.parse(request.body), let id = call.idRaw else { return HTTPReply(status: 500) }
        log.append(ReceivedCall(method: call.method, params: call.params, authorization: auth))
        namespaces.withLock { $0.append(request.headers["x-venus-api-namespace"]) }
        if let fault = faults.first(where: { $0.method == call.method }) {
            return RPCReplies.apply(fault.action, to: { dispatch(call, id: id, user: user) }) { errorReply(id, $0, $1) }
        }
        return dispatch(call, id: id, user: user)
    }

    private func dispatch(_ call: ParsedRequest, id: String, user: (token: String, user: String, signers: Set<String>)?) -> HTTPReply {
        guard call.method == "Message.GetMessageByUid" else {
            return errorReply(id, -32601, "(error code -32601) method '\(call.method)' not found")
        }
        guard call.params.count == 1, let uid = RawJSON.string(call.params[0]) else {
            return errorReply(id, -32602, "(error code -32602) wrong param count (method 'Message.GetMessageByUid'): \(call.params.count) != 1")
        }
        // The row is loaded first, then the signer checked (sophon-messager api/messager_impl.go).
        guard let message = messages[uid] else { return errorReply(id, 1, "get message by id error: record not found") }
        if let user, !user.signers.contains(message.from) {
            return errorReply(id, 1, "signer \(message.from) not exist in user \(user.user): permission deny")
        }
        return reply(200, #"{"jsonrpc":"2.0","result":\#(message.rawResult ?? Self.json(message)),"id":\#(id)}"#)
    }

    /// venus `types/messager.Message` MarshalJSON, keys in its order (method.md example).
    public static func json(_ m: Message) -> String {
        func cid(_ text: String?) -> String { text.map { #"{"/":"\#($0)"}"# } ?? "null" }
        let landed = m.state == 3 || m.state == 5
        let signature = m.signedCid == nil ? "null" : #"{"Type":1,"Data":"c2lnbmF0dXJl"}"#
        let receipt = landed ? #"{"ExitCode":0,"Return":null,"GasUsed":48219327,"EventsRoot":null}"# : "null"
        return #"{"ID":\#(RawJSON.quote(m.id)),"UnsignedCid":\#(cid(m.signedCid)),"SignedCid":\#(cid(m.signedCid)),"#
            + #""Version":0,"To":"f01000","From":\#(RawJSON.quote(m.from)),"Nonce":42,"Value":"0","GasLimit":52000000,"#
            + #""GasFeeCap":"100000","GasPremium":"99000","Method":28,"Params":"gg==","Signature":\#(signature),"#
            + #""Height":\#(landed ? 4900000 : 0),"Confidence":\#(landed ? 120 : 0),"Receipt":\#(receipt),"TipSetKey":[],"#
            + #""Meta":{"expireEpoch":0,"gasOverEstimation":1.25,"maxFee":"0","gasOverPremium":0},"WalletName":"","#
            + #""State":\#(m.state),"ErrorMsg":"","CreatedAt":"2025-01-02T03:04:05Z","UpdatedAt":"2025-01-02T03:04:05Z"}"#
    }

    private func errorReply(_ id: String, _ code: Int, _ message: String) -> HTTPReply {
        reply(code == 1 ? 200 : 500, #"{"jsonrpc":"2.0","id":\#(id),"error":{"code":\#(code),"message":\#(RawJSON.quote(message))}}"#)
    }

    private func reply(_ status: Int, _ body: String) -> HTTPReply {
        HTTPReply(status: status, headers: [("Content-Type", "application/json")], body: Data((body + "\n").utf8))
    }
}
