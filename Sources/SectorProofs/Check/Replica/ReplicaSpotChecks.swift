import SectorProofs
import SectorStore
import TransferIO

/// Recomputes lowest stored nodes of the tree-r-last files from the replica (reference §7.2): for
/// each, read the 8^(r+1) replica nodes under it (16 KiB), refuse any non-canonical one, hash r + 1
/// levels (73 H8) and compare with the stored node. The rows above were verified with the cache,
/// so a matching lowest node proves its whole 16 KiB of replica.
struct ReplicaSpotChecks: Sendable {
    let id: SectorID
    let kind: ReplicaKind
    let dataPath: String
    let cache: String
    let layout: TreeRLastLayout
    let trees: TreeFileSet

    /// Most failures of one kind worth listing; the rest are counted.
    static let listed = 3

    func challenges(count: Int, seed: UInt64, _ report: inout ReplicaReport) {
        let total = layout.fileCount * layout.lowestNodesPerFile
        let picks = ChallengePicker.pick(count: max(0, count), from: total, seed: seed, id: id, kind: kind)
        report.challenges = picks.count
        guard !picks.isEmpty else { return }
        let file: ReadOnlyFile
        do {
            file = try ReadOnlyFile(dataPath)
        } catch {
            report.problems.append("\(dataPath): cannot open: \(error)")
            return
        }
        // Independent of each other: spread over the cores (73 H8 each).
        let failures = ParallelMap.run(picks.count) { check(node: picks[$0], in: file) }.compactMap { $0 }
        report.challengesPassed = picks.count - failures.count
        report.problems += Self.summarize(failures, count: failures.count, what: "challenges")
    }

    /// One lowest stored node (numbered across files); nil when it matches.
    func check(node index: Int, in file: ReadOnlyFile) -> String? {
        let span = layout.leavesPerLowestNode * TreeRLastLayout.nodeBytes
        var leaves = [UInt8](repeating: 0, count: span)
        return leaves.withUnsafeMutableBytes { buffer in check(node: index, in: file, buffer: buffer) }
    }

    func check(node index: Int, in file: ReadOnlyFile, buffer: UnsafeMutableRawBufferPointer) -> String? {
        let offset = replicaOffset(node: index)
        do {
            try file.read(into: buffer, at: offset)
        } catch {
            return "\(dataPath) bytes \(Count(offset))–\(Count(offset + Int64(buffer.count) - 1)): cannot read: \(error)"
        }
        return verify(node: index, leaves: UnsafeRawBufferPointer(buffer))
    }

    /// Byte offset in the replica of the leaves under lowest stored node `index` (numbered across files).
    func replicaOffset(node index: Int) -> Int64 {
        let (treeIndex, node) = index.quotientAndRemainder(dividingBy: layout.lowestNodesPerFile)
        return layout.replicaOffset(file: treeIndex, node: node)
    }

    /// Hashes the leaves already read for node `index` and compares with the stored node.
    func verify(node index: Int, leaves: UnsafeRawBufferPointer) -> String? {
        let (treeIndex, node) = index.quotientAndRemainder(dividingBy: layout.lowestNodesPerFile)
        let offset = replicaOffset(node: index)
        let range = "bytes \(Count(offset))–\(Count(offset + Int64(leaves.count) - 1))"
        let computed: Fr
        do {
            computed = try TreeHashing.lowestNode(leaves: leaves)
        } catch {
            guard case .nonCanonical(let at) = error else { return "\(dataPath) \(range): \(error)" }
            return "\(dataPath) byte \(Count(offset + at)): not a field element (≥ p)"
        }
        // A tree file that did not parse was reported already; its nodes cannot be compared.
        guard let tree = trees.files[treeIndex] else { return "\(dataPath) \(range): no readable \(trees.paths[treeIndex]) to compare with" }
        let stored = tree.lowestNode(node)
        guard stored != computed else { return nil }
        return "\(dataPath) \(range) hash to \(computed.hex), but \(trees.paths[treeIndex]) byte "
            + "\(Count((layout.lowest.offset + node) * TreeRLastLayout.nodeBytes)) (row \(layout.lowest.row) node \(Count(node))) holds \(stored.hex)"
    }

    /// The first `listed` failures, then how many more there were (`count` of them in all).
    static func summarize(_ failures: [String], count: Int, what: String) -> [String] {
        guard count > listed else { return failures }
        return Array(failures.prefix(listed)) + ["… and \(count - listed) more failed \(what)"]
    }
}
