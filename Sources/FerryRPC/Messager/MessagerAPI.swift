/// venus-/sophon-messager's `Message` namespace on `/rpc/v0` (messager.md §3): the one method an
/// export needs, `GetMessageByUid`, which damocles' own exporter calls too.
public struct MessagerAPI: Sendable {
    public let client: JSONRPCClient

    /// The header venus' messager client sends; sophon-messager ignores it, a gateway in front of it
    /// may route by it (messager.md §3, unconfirmed either way), so ferry sends it as venus does.
    public static let namespaceHeader = ("X-VENUS-API-NAMESPACE", "messager.IMessager")

    public init(endpoint: APIEndpoint, timeout: Double, maxReplyBytes: Int) {
        client = JSONRPCClient(endpoint: endpoint, timeout: timeout, maxReplyBytes: maxReplyBytes, headers: [Self.namespaceHeader])
    }

    public init(client: JSONRPCClient) { self.client = client }

    public func message(uid: String) async throws(RPCError) -> MessagerMessage {
        try await client.call("Message.GetMessageByUid", [.string(uid)], as: MessagerMessage.self)
    }
}

/// The parts of venus' `types/messager.Message` (one flat JSON object) the export reads.
public struct MessagerMessage: Decodable, Sendable, Equatable {
    public var id: String?
    /// The CID the message has on chain once signed; null before signing (messager.md §3.2).
    public var signedCid: CIDLink?
    public var state: Int

    public init(id: String?, signedCid: CIDLink?, state: Int) {
        self.id = id
        self.signedCid = signedCid
        self.state = state
    }

    enum CodingKeys: String, CodingKey { case id = "ID", signedCid = "SignedCid", state = "State" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        signedCid = try c.decodeIfPresent(CIDLink.self, forKey: .signedCid)
        state = try c.decode(Int.self, forKey: .state)
    }
}

/// venus `types/messager.MessageState` (values since 2023-01; 5 was ReplacedMsg before, 6 is gone).
enum MessagerState {
    static let onChain = 3
    static let nonceConflict = 5

    static func name(_ state: Int) -> String {
        let names = ["UnKnown", "UnFillMsg", "FillMsg", "OnChainMsg", "FailedMsg", "NonceConflictMsg"]
        return names.indices.contains(state) ? "\(names[state]) (\(state))" : "unknown state \(state)"
    }
}
