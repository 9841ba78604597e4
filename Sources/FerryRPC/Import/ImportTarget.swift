public import Foundation

/// Where imported states go. `store` returns false when the sector exists and `override` is off.
public protocol ImportTarget: Sendable {
    func store(_ state: DamoclesSectorState, override: Bool) async throws -> Bool
}

/// damocles-manager's offline store via `Venus.ImportSector`, as `import-json --really-do-it` does
/// for finalized states.
public struct DamoclesImportTarget: ImportTarget {
    public let api: DamoclesAPI
    public init(api: DamoclesAPI) { self.api = api }

    public func store(_ state: DamoclesSectorState, override: Bool) async throws -> Bool {
        try await api.importSector(state, into: .offline, override: override)
    }
}

/// One `<s-t0M-N>.json` per sector: the compact line `export-json` prints, which
/// `damocles-manager util sealer sectors state import-json <file>` reads back.
public struct DirectoryImportTarget: ImportTarget {
    public let directory: URL
    public init(directory: URL) { self.directory = directory }

    public func fileURL(for id: SectorID) -> URL {
        directory.appendingPathComponent("\(id.display).json")
    }

    public func store(_ state: DamoclesSectorState, override: Bool) async throws -> Bool {
        let url = fileURL(for: state.id)
        if !override, FileManager.default.fileExists(atPath: url.path) { return false }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Write-then-rename so an interrupted run never leaves half a state under the final name.
        try Data((state.json.encoded + "\n").utf8).write(to: url, options: .atomic)
        return true
    }
}
