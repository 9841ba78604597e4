public import Foundation
import Glibc

/// lotus-miner's storage configuration, written offline as `lotus-miner storage attach` writes
/// it: a path's `sectorstore.json` (LocalStorageMeta) and the repo's `storage.json` list.
public enum LotusStorageConfig {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// What adding a path to storage.json did.
    public enum Added: Sendable, Equatable {
        case added(file: String)
        case alreadyThere(file: String)
    }

    /// Go's json.MarshalIndent of LocalStorageMeta: field order, two spaces, no newline at the end.
    public static func sectorStoreJSON(id: String, weight: UInt64, seal: Bool, store: Bool) -> String {
        """
        {
          "ID": "\(id)",
          "Weight": \(weight),
          "CanSeal": \(seal),
          "CanStore": \(store),
          "MaxStorage": 0,
          "Groups": null,
          "AllowTo": null,
          "AllowTypes": null,
          "DenyTypes": null,
          "AllowMiners": null,
          "DenyMiners": null
        }
        """
    }

    /// `--init`: a new sectorstore.json with a fresh ID; refused if one exists, as lotus does.
    public static func initialize(path storePath: String, weight: UInt64, seal: Bool, store: Bool,
                                  id: String = UUID().uuidString.lowercased()) throws(Failure) -> String {
        let meta = storePath + "/sectorstore.json"
        guard !FileManager.default.fileExists(atPath: meta) else {
            throw Failure(description: "\(meta) exists: path is already initialized (lotus refuses --init too)")
        }
        try writeAtomically(sectorStoreJSON(id: id, weight: weight, seal: seal, store: store), to: meta, replacing: false)
        return meta
    }

    /// Without --init the path must already carry lotus' own sectorstore.json.
    public static func checkExisting(path storePath: String) throws(Failure) {
        let meta = storePath + "/sectorstore.json"
        guard let data = FileManager.default.contents(atPath: meta) else { throw Failure(description: "\(meta) is missing; use --init to create it") }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["Name"] != nil || object["Path"] != nil {
            throw Failure(description: "\(meta) is damocles' sectorstore.json, which lotus misreads (CanStore false, numeric AllowMiners); move it aside and use --init")
        }
    }

    /// Adds `storePath` to the repo's storage.json, unless it (resolved: "/x/", "/x" or a link
    /// to it are one storage path to lotus) is there already.
    public static func addStoragePath(_ storePath: String, repo: String) throws(Failure) -> Added {
        let file = repo + "/storage.json"
        var paths: [String] = []
        if let data = FileManager.default.contents(atPath: file) {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw Failure(description: "\(file) is not valid JSON; nothing was changed")
            }
            paths = ((object["StoragePaths"] as? [[String: Any]]) ?? []).compactMap { $0["Path"] as? String }
        }
        let resolved = resolve(storePath)
        if paths.contains(where: { resolve($0) == resolved }) { return .alreadyThere(file: file) }
        paths.append(storePath)
        let entries = paths.map { "    {\n      \"Path\": \(quote($0))\n    }" }.joined(separator: ",\n")
        try writeAtomically("{\n  \"StoragePaths\": [\n\(entries)\n  ]\n}", to: file, replacing: true)
        return .added(file: file)
    }

    /// Written whole under a temporary name, fsynced, renamed into place (RENAME_NOREPLACE for a
    /// new file), and the directory fsynced: lotus never reads half a file.
    static func writeAtomically(_ text: String, to file: String, replacing: Bool) throws(Failure) {
        let temporary = file + ".ferry-tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw Failure(description: "cannot write \(temporary): \(error.localizedDescription)")
        }
        chmod(temporary, 0o644)
        try syncFile(temporary)
        // link(2) never replaces: a file that appeared meanwhile is kept, as RENAME_NOREPLACE would.
        if !replacing {
            defer { unlink(temporary) }
            guard link(temporary, file) == 0 else {
                throw Failure(description: "cannot put \(file) in place: \(String(cString: strerror(errno)))")
            }
        } else if rename(temporary, file) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot put \(file) in place: \(reason)")
        }
        try syncFile((file as NSString).deletingLastPathComponent, directory: true)
    }

    private static func syncFile(_ path: String, directory: Bool = false) throws(Failure) {
        let fd = open(path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY)
        guard fd >= 0 else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure(description: "cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }

    static func resolve(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    static func quote(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
