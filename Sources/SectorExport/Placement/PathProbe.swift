import Foundation
import LotusMetadata
public import TransferCore
import TransferIO

/// Why a `--dest-path` could not be measured.
public struct PathProbeError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "--dest-path \(path): \(reason)" }
}

/// Reads one destination path from the file system into a `PathState`.
public enum PathProbe {
    /// `group`: the device group key (the st_dev of the path's file system until device groups
    /// are resolved); `minFree` gives the reserve kept on the file system.
    public static func state(of path: String, minFree: MinFree, group: String? = nil) throws(PathProbeError) -> PathState {
        let meta: LotusStorageMeta?
        do { meta = try LotusStorageMeta.read(storePath: path) } catch { throw PathProbeError(path: path, reason: error.description) }
        // A path that does not exist yet (created by the run) is measured at its nearest parent.
        let existing = FileSystem.nearestExisting(path)
        let space: (available: Int64, total: Int64)
        let device: UInt64
        do throws(Errno) {
            let directory = try DirectoryHandle.open(existing)
            space = try FileSystem.space(fd: directory.fd)
            device = try FileSystem.status(fd: directory.fd).device
        } catch {
            throw PathProbeError(path: path, reason: "cannot measure \(existing): \(error)")
        }
        let resolved = meta ?? .attachedStore
        // lotus walks the path only when MaxStorage caps it ("expensive for very large paths").
        let used = resolved.maxStorage > 0 ? diskUsage(path) : 0
        return PathState(path: path, meta: resolved, metaMissing: meta == nil, free: space.available, used: used,
                         fileSystem: device, group: group, keep: minFree.threshold(total: space.total))
    }

    /// Allocated bytes of every file below `path` (lotus: st_blocks × 512), not following links.
    static func diskUsage(_ path: String) -> Int64 {
        let keys: [URLResourceKey] = [.isRegularFileKey, .totalFileAllocatedSizeKey, .fileAllocatedSizeKey, .fileSizeKey]
        guard let walk = FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: keys) else { return 0 }
        var total: Int64 = 0
        for case let url as URL in walk {
            // ferry's own journal and staging: leftovers are discarded before anything is copied,
            // and counting them would push a path over MaxStorage on every resume.
            if url.lastPathComponent == ".ferry" {
                walk.skipDescendants()
                continue
            }
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            total += Int64(values.totalFileAllocatedSize ?? values.fileAllocatedSize ?? values.fileSize ?? 0)
        }
        return total
    }
}
