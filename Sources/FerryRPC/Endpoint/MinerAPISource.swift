import Foundation

/// How the lotus-miner API was specified on the command line or in the environment.
public enum MinerAPISource {
    /// `MINER_API_INFO=TOKEN:MULTIADDR`, parsed as lotus ≥ v1.36 does: a value starting with `/` is a
    /// bare multiaddr, a `://` after the first colon means a bare URL; otherwise split at the first
    /// colon. Only the first of several comma-separated entries is used.
    public static func fromAPIInfo(_ info: String) throws(EndpointError) -> APIEndpoint {
        let first = String(info.split(separator: ",", omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: .whitespaces)
        if first.isEmpty { throw .badAPIInfo(info) }
        if first.hasPrefix("/") { return try APIEndpoint(address: first, token: nil) }
        guard let colon = first.firstIndex(of: ":") else { throw .badAPIInfo(info) }
        if first[colon...].hasPrefix("://") { return try APIEndpoint(address: first, token: nil) }
        let token = String(first[..<colon])
        let address = String(first[first.index(after: colon)...])
        if address.isEmpty { throw .badAPIInfo(info) }
        return try APIEndpoint(address: address, token: token)
    }

    /// A lotus-miner repo: its `api` file holds the listen multiaddr, `token` the admin JWT. Both are
    /// written without a newline but may have been edited by hand, so whitespace is trimmed. A missing
    /// `token` is allowed: lotus then grants `read`, which is all the import needs.
    public static func fromRepo(_ repo: String) throws(EndpointError) -> APIEndpoint {
        let dir = URL(fileURLWithPath: (repo as NSString).expandingTildeInPath)
        let apiPath = dir.appendingPathComponent("api").path
        let api: String
        do {
            api = try String(contentsOfFile: apiPath, encoding: .utf8)
        } catch {
            let why = FileManager.default.fileExists(atPath: apiPath)
                ? "\(error.localizedDescription)"
                : "no such file (is lotus-miner running with this repo?)"
            throw .repoFile(apiPath, why)
        }
        let tokenPath = dir.appendingPathComponent("token").path
        var token: String?
        if FileManager.default.fileExists(atPath: tokenPath) {
            do {
                token = try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw .repoFile(tokenPath, "\(error.localizedDescription)")
            }
        }
        return try APIEndpoint(address: api, token: token)
    }
}
