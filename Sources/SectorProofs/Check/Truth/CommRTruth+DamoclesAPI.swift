import FerryRPC
import Foundation
import LotusMetadata

extension CommRTruth {
    /// `--damocles-api A`: the states of damocles-manager's offline store (`Venus.ListSectors`),
    /// each read by the same reader as `--from-json`, so a state means the same from either source.
    public static func damoclesAPI(address: String, token: String?, timeout: Double = 60) async throws(SourceError) -> CommRTruth {
        let endpoint: APIEndpoint
        do {
            endpoint = try APIEndpoint(address: address, token: token)
        } catch {
            throw SourceError(description: "--damocles-api \(address): \(error)")
        }
        let url = endpoint.url.absoluteString
        let raw: [Data]
        do {
            raw = try await DamoclesAPI(client: JSONRPCClient(endpoint: endpoint, timeout: timeout)).listSectorsRaw(.offline, job: .all)
        } catch {
            throw SourceError(description: "cannot list sectors from damocles-manager at \(url): \(error)")
        }
        var states: [LotusMetadata.DamoclesSectorState] = []
        for (index, element) in raw.enumerated() {
            do {
                states += try SectorStateLoader.parse(Array(element), source: "\(url) Venus.ListSectors result[\(index)]")
            } catch {
                throw SourceError(description: error.description)
            }
        }
        return damocles(states, name: "damocles-manager at \(url)")
    }
}
