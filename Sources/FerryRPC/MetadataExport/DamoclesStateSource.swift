import Foundation
public import LotusMetadata

/// `--damocles-api`: finalized sector states straight from a running damocles-manager.
///
/// Each state goes through `SectorStateLoader`, the reader `--from-json` uses, not FerryRPC's import
/// model: export must see which keys were absent and keep CIDs as text, so a sector fails the same
/// way whether it came from a file or over RPC.
public struct DamoclesStateSource: Sendable {
    /// Its reply cap and deadline bound the one `ListSectors` reply that holds every sector.
    public let client: JSONRPCClient

    public init(client: JSONRPCClient) { self.client = client }

    public func load() async throws(DamoclesSourceError) -> [LotusMetadata.DamoclesSectorState] {
        let url = client.endpoint.url.absoluteString
        let raw: [Data]
        do {
            raw = try await DamoclesAPI(client: client).listSectorsRaw(.offline, job: .all)
        } catch {
            throw DamoclesSourceError(rpc: error, url: url)
        }
        var states: [LotusMetadata.DamoclesSectorState] = []
        for (index, element) in raw.enumerated() {
            let source = "\(url) Venus.ListSectors result[\(index)]"
            guard element.first == UInt8(ascii: "{") else {
                throw DamoclesSourceError(description: "\(source): not a SectorState object")
            }
            do {
                states += try SectorStateLoader.parse(Array(element), source: source)
            } catch {
                throw DamoclesSourceError(description: error.description)
            }
        }
        return states
    }
}

public struct DamoclesSourceError: Error, CustomStringConvertible {
    public let description: String

    init(description: String) { self.description = description }

    /// RPCError's 401 text names lotus' token sources; here only --damocles-token applies.
    init(rpc: RPCError, url: String) {
        switch rpc {
        case .unauthorized:
            description = "cannot list sectors from damocles-manager: \(url) rejected the API token (HTTP 401): check --damocles-token"
        default:
            description = "cannot list sectors from damocles-manager: \(rpc)"
        }
    }
}
