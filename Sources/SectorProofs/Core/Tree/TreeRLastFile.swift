/// The content of one tree-r-last file, parsed and checked row by row (reference §7.3).
public struct TreeRLastFile: Sendable {
    public let layout: TreeRLastLayout
    /// Every stored node, in file order.
    public let nodes: [Fr]

    /// Parses the file's bytes (exactly `layout.fileBytes`), refusing non-canonical nodes.
    public init(bytes: UnsafeRawBufferPointer, layout: TreeRLastLayout) throws(TreeProblem) {
        precondition(bytes.count == Int(layout.fileBytes), "a tree-r-last file of another size")
        self.layout = layout
        nodes = try Self.elements(bytes)
    }

    public init(nodes: [Fr], layout: TreeRLastLayout) {
        precondition(nodes.count == layout.nodesPerFile, "a tree-r-last file of another size")
        self.layout = layout
        self.nodes = nodes
    }

    /// 32-byte little-endian elements; the first non-canonical one is an error at its offset.
    public static func elements(_ bytes: UnsafeRawBufferPointer) throws(TreeProblem) -> [Fr] {
        let count = bytes.count / TreeRLastLayout.nodeBytes
        var out: [Fr] = []
        out.reserveCapacity(count)
        for index in 0..<count {
            guard let value = Fr(littleEndian: bytes, at: index * TreeRLastLayout.nodeBytes) else {
                throw .nonCanonical(offset: Int64(index * TreeRLastLayout.nodeBytes))
            }
            out.append(value)
        }
        return out
    }

    public var root: Fr { nodes[nodes.count - 1] }

    /// Node `index` of the lowest stored row (what a spot check recomputes).
    public func lowestNode(_ index: Int) -> Fr { nodes[layout.lowest.offset + index] }

    /// Hashes every group of 8 nodes of each stored row and compares it with the row above;
    /// the first disagreement is the error. Costs nodesPerFile / 8 H8 (37,449 for a 32GiB file),
    /// except that a group equal to the one before reuses its hash: never the case in a real
    /// replica's tree, always in a sparse (all-zero) synthetic one, whose 32/64 GiB caches then
    /// check in milliseconds.
    public func verifyRows() throws(TreeProblem) {
        for (lower, upper) in zip(layout.rows, layout.rows.dropFirst()) {
            var previous: (group: ArraySlice<Fr>, hash: Fr)?
            for node in 0..<upper.count {
                let group = nodes[(lower.offset + node * 8)..<(lower.offset + node * 8 + 8)]
                let expected = previous.flatMap { $0.group == group ? $0.hash : nil }
                    ?? group.withUnsafeBufferPointer { TreeHash.h8($0) }
                previous = (group, expected)
                let found = nodes[upper.offset + node]
                if expected != found {
                    throw .mismatch(row: upper.row, node: node, offset: Int64((upper.offset + node) * TreeRLastLayout.nodeBytes),
                                    expected: expected, found: found)
                }
            }
        }
    }

    /// Builds a whole file from the lowest stored row (for the generator): each row above is
    /// the H8 of groups of 8 of the one below.
    public static func build(lowestRow: [Fr], layout: TreeRLastLayout) -> TreeRLastFile {
        precondition(lowestRow.count == layout.lowest.count, "the lowest stored row of another size")
        var nodes = lowestRow
        var row = lowestRow
        while row.count > 1 {
            row = TreeHashing.parents(of: row)
            nodes += row
        }
        return TreeRLastFile(nodes: nodes, layout: layout)
    }
}

/// Building blocks shared by the checker and the generator.
public enum TreeHashing {
    /// One row up: H8 of each group of 8.
    public static func parents(of row: [Fr]) -> [Fr] {
        precondition(row.count % 8 == 0, "a row of arity-8 nodes")
        return row.withUnsafeBufferPointer { all in
            (0..<(row.count / 8)).map { TreeHash.h8(UnsafeBufferPointer(rebasing: all[($0 * 8)..<($0 * 8 + 8)])) }
        }
    }

    /// The node of the lowest stored row above `leaves` (8^(r+1) replica nodes, 32 bytes each):
    /// r + 1 levels of H8 (73 hashes for r = 2). A non-canonical leaf is an error at its offset
    /// in `leaves`.
    public static func lowestNode(leaves: UnsafeRawBufferPointer) throws(TreeProblem) -> Fr {
        var row = try TreeRLastFile.elements(leaves)
        while row.count > 1 { row = parents(of: row) }
        return row[0]
    }

    /// comm_r_last from the file roots (reference §2.5): one file is its own root; 8 files (32GiB)
    /// are one H8; 16 files (64GiB) are H2 of the H8 of each half. nil for other counts.
    public static func commRLast(roots: [Fr]) -> Fr? {
        switch roots.count {
        case 1: roots[0]
        case 8: TreeHash.h8(roots)
        case 16: TreeHash.h2(TreeHash.h8(Array(roots[0..<8])), TreeHash.h8(Array(roots[8..<16])))
        default: nil
        }
    }
}

extension TreeRLastFile {
    public init(bytes: [UInt8], layout: TreeRLastLayout) throws(TreeProblem) {
        precondition(bytes.count == Int(layout.fileBytes), "a tree-r-last file of another size")
        self.layout = layout
        // withUnsafeBytes only rethrows untyped errors: carry the typed one out in a Result.
        nodes = try bytes.withUnsafeBytes { raw in Result { () throws(TreeProblem) in try Self.elements(raw) } }.get()
    }
}
