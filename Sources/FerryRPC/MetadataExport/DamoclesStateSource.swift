import FerryRPC
import Foundation
import LotusMetadata

/// `--damocles-api`: finalized sector states straight from a running damocles-manager.
///
/// Each state goes through `SectorStateLoader`, the reader `--from-json` uses, not FerryRPC's import
/// model: export must see which keys were absent and keep CIDs as text, so a sector fails the same
/// way whether it came from a file or over RPC.
struct DamoclesStateSource {
    /// Its reply cap and deadline bound the one `ListSectors` reply that holds every sector.
    let client: JSONRPCClient
    var endpoint: APIEndpoint { client.endpoint }

    func load() async throws(DamoclesSourceError) -> [LotusMetadata.DamoclesSectorState] {
        let api = DamoclesAPI(client: client)
        let raw: [Data]
        do {
            raw = try await api.listSectorsRaw(.offline, job: .all)
        } catch {
            throw DamoclesSourceError(rpc: error, url: endpoint.url.absoluteString)
        }
        var states: [LotusMetadata.DamoclesSectorState] = []
        for (index, element) in raw.enumerated() {
            let source = "\(endpoint.url.absoluteString) Venus.ListSectors result[\(index)]"
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

struct DamoclesSourceError: Error, CustomStringConvertible {
    let description: String

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
