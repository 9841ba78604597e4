public import Foundation
import Synchronization

/// damocles-manager's `Venus` JSON-RPC namespace on `/rpc/v0` (rpc-schemas.md §3): no auth, single
/// requests only, `{"jsonrpc","result","id"}` envelope, application errors as code 1 with HTTP 200.
/// States are kept as the exact bytes received, per store, keyed `m-<miner>-n-<number>` like the
/// real KV stores, so tests can check what a client sent byte for byte.
public final class FakeDamoclesManager: Sendable {
    public enum Store: String, Sendable, CaseIterable { case online, offline }

    private let states = Mutex<[Store: [String: Data]]>([.online: [:], .offline: [:]])
    private let storeList: String
    private let storeInfos: [String: String]
    private let indexer: [String: String]
    private let provingInfos: [String: String]
    private let faults: [Fault]
    private let requiredToken: String?
    private let server: HTTPTestServer
    private let log = CallLog()

    public var port: UInt16 { server.port }
    public var url: String { "http://127.0.0.1:\(port)/rpc/v0" }
    public var multiaddr: String { "/ip4/127.0.0.1/tcp/\(port)/http" }
    public var calls: [ReceivedCall] { log.all }

    /// - Parameters:
    ///   - offline/online: raw SectorState JSON documents to start with.
    ///   - storeList: raw result of `Venus.StoreList`.
    ///   - storeInfos: raw `StoreBasicInfo` results by store name.
    ///   - indexer: raw `SectorIndexerFind` results keyed `"<type>/m-<miner>-n-<number>"`.
    ///   - provingInfos: raw `ProvingSectorInfo` results keyed `m-<miner>-n-<number>`.
    ///   - requiredToken: answer a bare 401 unless `Authorization: Bearer <token>` is sent. damocles
    ///     itself checks no token; this stands for an authenticating proxy in front of it.
    public init(offline: [String] = [], online: [String] = [], storeList: String = "[]",
                storeInfos: [String: String] = [:], indexer: [String: String] = [:],
                provingInfos: [String: String] = [:], faults: [Fault] = [], requiredToken: String? = nil) throws {
        self.requiredToken = requiredToken
        self.storeList = storeList
        self.storeInfos = storeInfos
        self.indexer = indexer
        self.provingInfos = provingInfos
        self.faults = faults
        let box = HandlerBox()
        server = try HTTPTestServer { box.handle($0) }
        for (store, docs) in [(Store.offline, offline), (.online, online)] {
            for doc in docs {
                let data = Data(doc.utf8)
                guard let key = Self.key(ofState: data) else { throw FakeError.badFixture(doc) }
                states.withLock { $0[store]![key] = data }
            }
        }
        box.target.withLock { $0 = self }
    }

    public func stop() { server.stop() }

    /// The exact bytes stored for a sector, as sent by the last successful `ImportSector`.
    public func storedState(miner: UInt64, number: UInt64, in store: Store = .offline) -> Data? {
        states.withLock { $0[store]?["m-\(miner)-n-\(number)"] }
    }

    public func storedKeys(in store: Store) -> [String] {
        states.withLock { $0[store]!.keys.sorted() }
    }

    static func key(ofState data: Data) -> String? {
        guard let object = RawJSON.value(data) as? [String: Any], let id = object["ID"] as? [String: Any] else { return nil }
        return key(ofID: id)
    }

    static func key(ofID id: [String: Any]) -> String? {
        guard let miner = (id["Miner"] as? NSNumber)?.uint64Value, let number = (id["Number"] as? NSNumber)?.uint64Value else { return nil }
        return "m-\(miner)-n-\(number)"
    }
}

public enum FakeError: Error { case badFixture(String) }

extension FakeDamoclesManager: RPCHandling {
    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard request.path.split(separator: "?").first == "/rpc/v0" else { return HTTPReply(status: 404) }
        if let requiredToken, request.headers["authorization"] != "Bearer \(requiredToken)" { return HTTPReply(status: 401) }
        // The fork of go-jsonrpc damocles links has no batch support; unparsable → 500, no body.
        guard let call = ParsedRequest.parse(request.body), let id = call.idRaw else { return HTTPReply(status: 500) }
        log.append(ReceivedCall(method: call.method, params: call.params, authorization: request.headers["authorization"]))
        let sector = sectorNumber(of: call)
        if let fault = faults.first(where: { $0.method == call.method && ($0.sector == nil || $0.sector == sector) }) {
            return RPCReplies.apply(fault.action, to: { dispatch(call, id: id) }) { errorReply(id, $0, $1) }
        }
        return dispatch(call, id: id)
    }

    private func sectorNumber(of call: ParsedRequest) -> UInt64? {
        for raw in call.params {
            guard let object = RawJSON.value(raw) as? [String: Any] else { continue }
            let id = (object["ID"] as? [String: Any]) ?? object
            if let n = (id["Number"] as? NSNumber)?.uint64Value { return n }
        }
        return nil
    }

    private func dispatch(_ call: ParsedRequest, id: String) -> HTTPReply {
        let arities = ["Venus.ListSectors": 2, "Venus.FindSector": 2, "Venus.FindSectorInAllStates": 1,
                       "Venus.ImportSector": 3, "Venus.SectorIndexerFind": 2, "Venus.StoreList": 0,
                       "Venus.StoreBasicInfo": 1, "Venus.ProvingSectorInfo": 1, "Venus.Version": 0]
        guard let arity = arities[call.method] else {
            return errorReply(id, -32601, "(error code -32601) method '\(call.method)' not found")
        }
        guard call.params.count == arity else {
            return errorReply(id, -32602, "(error code -32602) wrong param count (method '\(call.method)'): \(call.params.count) != \(arity)")
        }
        let p = call.params
        switch call.method {
        case "Venus.ListSectors":
            let ws = RawJSON.string(p[0]) ?? ""
            guard let store = Store(rawValue: ws) else {
                return errorReply(id, 1, "get iter for All: get iter: kv for worker state \(ws) does not exist")
            }
            let job = RawJSON.uint(p[1]) ?? 99
            let docs = states.withLock { s in s[store]!.sorted { $0.key < $1.key }.map(\.value) }
                .filter { Self.matches(job: job, state: $0) }
            return result(id, "[" + docs.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") + "]")
        case "Venus.FindSector":
            let ws = RawJSON.string(p[0]) ?? ""
            guard let store = Store(rawValue: ws) else {
                return errorReply(id, 1, "load state from \(ws): kv for worker state \(ws) does not exist")
            }
            guard let key = idKey(p[1]), let doc = states.withLock({ $0[store]![key] }) else {
                return errorReply(id, 1, "load state from \(ws): key not found")
            }
            return result(id, String(decoding: doc, as: UTF8.self))
        case "Venus.FindSectorInAllStates":
            guard let key = idKey(p[0]),
                  let doc = states.withLock({ $0[.online]![key] ?? $0[.offline]![key] })
            else { return errorReply(id, 1, "key not found") }
            return result(id, String(decoding: doc, as: UTF8.self))
        case "Venus.ImportSector":
            let ws = RawJSON.string(p[0]) ?? ""
            guard let store = Store(rawValue: ws) else {
                return errorReply(id, 1, "import: kv for worker state \(ws) does not exist")
            }
            guard let key = Self.key(ofState: p[1]) else {
                return errorReply(id, -32700, "(error code -32700) unmarshaling params for 'Venus.ImportSector' (param: *core.SectorState): json: cannot unmarshal")
            }
            let override = String(decoding: p[2], as: UTF8.self) == "true"
            let stored = states.withLock { s -> Bool in
                if s[store]![key] != nil, !override { return false }
                s[store]![key] = p[1]
                return true
            }
            return result(id, stored ? "true" : "false")
        case "Venus.SectorIndexerFind":
            let type = RawJSON.string(p[0]) ?? ""
            guard type == "normal" || type == "upgrade" else {
                return errorReply(id, 1, "sector indexer of type \(type) is not supported")
            }
            let found = idKey(p[1]).flatMap { indexer["\(type)/\($0)"] }
            return result(id, found ?? #"{"Found":false,"Instance":{"SealedFile":"","CacheDir":""}}"#)
        case "Venus.StoreList":
            return result(id, storeList)
        case "Venus.StoreBasicInfo":
            return result(id, RawJSON.string(p[0]).flatMap { storeInfos[$0] } ?? "null")
        case "Venus.ProvingSectorInfo":
            guard let key = idKey(p[0]) else { return errorReply(id, -32700, "(error code -32700) bad sector id") }
            if let info = provingInfos[key] { return result(id, info) }
            let parts = key.split(separator: "-")
            return errorReply(id, 1, "get private sector info: get private info: get location for s-t0\(parts[1])-\(parts[3]): object not found")
        default:
            return result(id, #""v0.13.0-ferry-fake""#)
        }
    }

    private func idKey(_ raw: Data) -> String? {
        (RawJSON.value(raw) as? [String: Any]).flatMap(Self.key(ofID:))
    }

    /// damocles `SectorState.MatchWorkerJob`.
    static func matches(job: UInt64, state: Data) -> Bool {
        let s = RawJSON.value(state) as? [String: Any] ?? [:]
        let upgraded = s["Upgraded"] as? Bool ?? false
        let rebuild = s["NeedRebuild"] as? Bool ?? false
        let unsealing = s["Unsealing"] as? Bool ?? false
        switch job {
        case 0: return true
        case 1: return !upgraded && !rebuild && !unsealing
        case 2: return upgraded
        case 3: return rebuild
        case 4: return unsealing
        default: return false
        }
    }

    private func result(_ id: String, _ raw: String) -> HTTPReply {
        reply(200, #"{"jsonrpc":"2.0","result":\#(raw),"id":\#(id)}"#)
    }

    private func errorReply(_ id: String, _ code: Int, _ message: String) -> HTTPReply {
        reply(code == 1 || code == 11001 ? 200 : 500,
              #"{"jsonrpc":"2.0","id":\#(id),"error":{"code":\#(code),"message":\#(RawJSON.quote(message))}}"#)
    }

    private func reply(_ status: Int, _ body: String) -> HTTPReply {
        // go-jsonrpc sets no Content-Type here; net/http then sniffs text/plain.
        HTTPReply(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data((body + "\n").utf8))
    }
}
