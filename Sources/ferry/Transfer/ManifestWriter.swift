import TransferCore
import TransferHash

/// `--manifest` for copy, move and export: one xxh128sum line per file that arrived. Renamed
/// files were never read, so they are hashed here (from the device), and only when a manifest
/// was asked for.
enum ManifestWriter {
    /// Returns an error message, or nil when the manifest was written.
    static func write(_ results: [FileResult], to manifest: String, options: TransferOptions) -> String? {
        let arrived = results.filter(\.succeeded)
        let unhashed = arrived.filter { $0.digest == nil }.map(\.item.destination)
        var hashed: [String: Result<Digest128, HashFailure>] = [:]
        if !unhashed.isEmpty {
            do {
                hashed = try TransferEngine.hash(unhashed, options: options) { _ in }
            } catch {
                return "cannot hash the renamed files for the manifest: \(error)"
            }
        }
        var entries: [(digest: Digest128, path: String)] = []
        for result in arrived {
            let path = result.item.destination
            if let digest = result.digest ?? (try? hashed[path]?.get()) {
                entries.append((digest, path))
            } else {
                return "cannot hash \(path) for the manifest"
            }
        }
        do {
            try Manifest.write(entries, to: manifest)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
