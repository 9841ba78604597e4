/// The read-only lotus-miner methods the import needs (`read` permission is enough for all three).
public struct LotusMinerAPI: Sendable {
    public let client: JSONRPCClient
    public init(client: JSONRPCClient) { self.client = client }

    public func actorAddress() async throws(RPCError) -> String {
        try await client.call("Filecoin.ActorAddress", as: String.self)
    }

    public func sectorsList() async throws(RPCError) -> [UInt64] {
        try await client.call("Filecoin.SectorsList", as: [UInt64]?.self) ?? []
    }

    /// `showOnChainInfo` is always true: Activation/Expiration of upgraded sectors come from the chain.
    public func sectorsStatus(_ number: UInt64) async throws(RPCError) -> LotusSectorInfo {
        try await client.call("Filecoin.SectorsStatus", [.uint(number), .bool(true)], as: LotusSectorInfo.self)
    }
}
