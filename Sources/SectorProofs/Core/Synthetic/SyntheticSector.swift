import Dispatch
import Synchronization

/// Builds a consistent synthetic replica and its tree-r-last files (see SyntheticReplica). The
/// replica is produced in 1 MiB chunks on all cores, each chunk handed to `write` (which must be
/// safe to call from several threads at once, e.g. pwrite) and hashed into its lowest stored nodes.
public enum SyntheticSector {
    /// Lowest stored nodes per chunk (1 MiB of replica when r = 2).
    static let nodesPerChunk = 64

    /// The tree files of a replica of random canonical leaves from `seed`; `write(offset, bytes)`
    /// receives every replica byte. The first error a write throws stops the build and is rethrown.
    public static func build<E: Error>(layout: TreeRLastLayout, seed: UInt64,
                                       write: @Sendable (Int64, UnsafeRawBufferPointer) throws(E) -> Void) throws(E) -> [TreeRLastFile] {
        let total = layout.fileCount * layout.lowestNodesPerFile
        let lowest = LowestRow(count: total)
        let failure = Mutex<E?>(nil)
        let chunks = (total + nodesPerChunk - 1) / nodesPerChunk
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            guard failure.withLock({ $0 == nil }) else { return }
            let nodes = (chunk * nodesPerChunk)..<min(total, (chunk + 1) * nodesPerChunk)
            do throws(E) {
                try buildChunk(nodes, layout: layout, seed: seed, into: lowest, write: write)
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let perFile = layout.lowestNodesPerFile
        let row = lowest.values
        return (0..<layout.fileCount).map { file in
            TreeRLastFile.build(lowestRow: Array(row[(file * perFile)..<((file + 1) * perFile)]), layout: layout)
        }
    }

    private static func buildChunk<E: Error>(_ nodes: Range<Int>, layout: TreeRLastLayout, seed: UInt64, into lowest: LowestRow,
                                             write: (Int64, UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        let leavesPerNode = layout.leavesPerLowestNode
        let span = leavesPerNode * TreeRLastLayout.nodeBytes
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: span * nodes.count, alignment: 64)
        defer { buffer.deallocate() }
        SyntheticReplica.fillLeaves(buffer, firstLeaf: Int64(nodes.lowerBound) * Int64(leavesPerNode), seed: seed)
        try write(Int64(nodes.lowerBound) * Int64(span), UnsafeRawBufferPointer(buffer))
        for (position, node) in nodes.enumerated() {
            let leaves = UnsafeRawBufferPointer(rebasing: buffer[(position * span)..<((position + 1) * span)])
            // The leaves were just made canonical, so this cannot fail.
            lowest.set(node, try! TreeHashing.lowestNode(leaves: leaves))
        }
    }

    /// The tree files of a replica that is all holes (zeros): every file alike, each row uniform.
    public static func sparse(layout: TreeRLastLayout) -> [TreeRLastFile] {
        let file = TreeRLastFile.uniform(lowest: SyntheticReplica.zeroLowestNode(layout), layout: layout)
        return Array(repeating: file, count: layout.fileCount)
    }
}

/// The lowest stored row being filled from several threads, one distinct slot per node.
private final class LowestRow: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Fr>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: .zero)
    }

    deinit { storage.deallocate() }

    func set(_ index: Int, _ value: Fr) { storage[index] = value }

    var values: [Fr] { Array(storage) }
}
