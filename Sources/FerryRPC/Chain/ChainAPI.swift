/// The read-only lotus/venus full-node methods the deadline schedule needs (`read` permission).
/// Each call asks about the chain head: the tipset key is sent as `[]`, lotus' `EmptyTSK`.
public struct ChainAPI: Sendable {
    public let client: JSONRPCClient
    public init(client: JSONRPCClient) { self.client = client }

    /// `miner` is an address as lotus takes it (`f01000` or `t01000`; go-address accepts both
    /// prefixes on any network).
    public func provingDeadline(miner: String) async throws(RPCError) -> DeadlineInfo {
        try await client.call("Filecoin.StateMinerProvingDeadline", [.string(miner), Self.head], as: DeadlineInfo.self)
    }

    /// The partitions of one deadline, in partition order. lotus answers `null` for a deadline with
    /// no partitions (a nil Go slice), which is no partition.
    public func partitions(miner: String, deadline: UInt64) async throws(RPCError) -> [MinerPartition] {
        let params: [JSONValue] = [.string(miner), .uint(deadline), Self.head]
        return try await client.call("Filecoin.StateMinerPartitions", params, as: [MinerPartition]?.self) ?? []
    }

    /// Where a sector sits, or nil when it is in no deadline (not yet proven, or gone): lotus then
    /// fails the call with go-state-types' "sector N not due at any deadline", which is an answer
    /// here, not a failure. Every other error is thrown.
    public func sectorPartition(miner: String, sector: UInt64) async throws(RPCError) -> SectorLocation? {
        let method = "Filecoin.StateSectorPartition"
        do {
            return try await client.call(method, [.string(miner), .uint(sector), Self.head], as: SectorLocation.self)
        } catch {
            if case let .server(_, _, message) = error, message.contains("not due at any deadline") { return nil }
            throw error
        }
    }

    /// The head's height, for re-checking the schedule while a run goes on.
    public func chainHeight() async throws(RPCError) -> Int64 {
        try await client.call("Filecoin.ChainHead", as: TipSetHeight.self).height
    }

    /// The `f0…` form of an actor ID, which every lotus and venus node accepts.
    public static func minerAddress(actorID: UInt64) -> String { "f0\(actorID)" }

    private static let head = JSONValue.array([])
}

/// Only the height of `types.TipSet`; the blocks are not needed.
private struct TipSetHeight: Decodable {
    let height: Int64
    enum CodingKeys: String, CodingKey { case height = "Height" }
}
