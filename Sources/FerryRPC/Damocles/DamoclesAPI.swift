public import Foundation

/// damocles-manager's `Venus` namespace: the state-store methods ferry uses.
public struct DamoclesAPI: Sendable {
    /// damocles keeps states in two KV stores; finalized and imported sectors live in `offline`.
    public enum WorkerState: String, Sendable { case online, offline }

    /// `ListSectors` job filter (damocles `core.SectorWorkerJob`).
    public enum Job: Int64, Sendable { case all = 0, sealing = 1, snapUp = 2, rebuild = 3, unseal = 4 }

    public let client: JSONRPCClient
    public init(client: JSONRPCClient) { self.client = client }

    /// True when stored; false when the sector already exists in that store and `override` is off.
    public func importSector(_ state: DamoclesSectorState, into store: WorkerState = .offline, override: Bool) async throws(RPCError) -> Bool {
        try await client.call("Venus.ImportSector", [.string(store.rawValue), state.json, .bool(override)], as: Bool.self)
    }

    public func listSectors(_ store: WorkerState, job: Job = .all) async throws(RPCError) -> [DamoclesSectorState] {
        try await client.call("Venus.ListSectors", [.string(store.rawValue), .int(job.rawValue)], as: [DamoclesSectorState]?.self) ?? []
    }

    /// `ListSectors` with each SectorState as the raw JSON damocles sent, for readers that must see
    /// which keys were present (export's lenient reader); `null` (a nil Go slice) is no sector.
    public func listSectorsRaw(_ store: WorkerState, job: Job = .all) async throws(RPCError) -> [Data] {
        let method = "Venus.ListSectors"
        let result = try await client.callRaw(method, [.string(store.rawValue), .int(job.rawValue)])
        if result == Data("null".utf8) { return [] }
        guard let elements = RawJSON.elements(result) else {
            throw .unexpectedResult(method: method, detail: "result is not a JSON array")
        }
        return elements
    }

    /// A state for another sector or another miner is refused: callers name what they write after
    /// the state's own ID, so trusting it would put one sector's data under another's name.
    public func findSectorInAllStates(_ id: SectorID) async throws(RPCError) -> DamoclesSectorState {
        let method = "Venus.FindSectorInAllStates"
        let state = try await client.call(method, [id.json], as: DamoclesSectorState.self)
        guard state.id == id else {
            throw .unexpectedResult(method: method, detail: "asked for \(id.display), got the state of \(state.id.display)")
        }
        return state
    }
}
