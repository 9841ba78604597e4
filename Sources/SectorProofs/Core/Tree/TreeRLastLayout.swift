/// Where every node of a sector's tree-r-last (TreeR) lives (reference §2): the sector's replica is
/// split into 1, 8 or 16 base trees of arity 8, one file each; a file keeps only the rows above the
/// `rowsToDiscard` lowest ones (leaves are row 0 and live in the replica), lowest kept row first,
/// left to right, 32 bytes per node, the root last.
public struct TreeRLastLayout: Sendable, Equatable {
    public static let arity = 8
    public static let nodeBytes = 32

    /// One stored row: `row` counts up from the leaves (row 0); `offset` is its first node's index in the file.
    public struct Row: Sendable, Equatable {
        public let row: Int
        public let count: Int
        public let offset: Int
    }

    public let sectorBytes: Int64
    /// Base trees (files): 1 for 2KiB/8MiB/512MiB, 8 for 32GiB, 16 for 64GiB.
    public let fileCount: Int
    public let leavesPerFile: Int
    public let rowsToDiscard: Int
    /// Stored rows, lowest first; the last is the root.
    public let rows: [Row]

    /// The shape of a production sector size (filecoin-proofs `constants.rs`); nil for any other
    /// size. `rowsToDiscard` defaults to what proofs computes (2, or 1 for 2KiB).
    public init?(sectorBytes: Int64, rowsToDiscard: Int? = nil) {
        let files: Int
        switch sectorBytes {
        case 2048, 8 << 20, 512 << 20: files = 1
        case 32 << 30: files = 8
        case 64 << 30: files = 16
        default: return nil
        }
        let leaves = Int(sectorBytes / Int64(Self.nodeBytes)) / files
        let rowCount = Self.rowCount(leaves: leaves)
        let r = rowsToDiscard ?? Self.defaultRowsToDiscard(rowCount: rowCount)
        guard r >= 0, r + 1 < rowCount else { return nil }
        self.sectorBytes = sectorBytes
        fileCount = files
        leavesPerFile = leaves
        self.rowsToDiscard = r
        var stored: [Row] = []
        var offset = 0
        for row in (r + 1)..<rowCount {
            let count = leaves >> (3 * row)
            stored.append(Row(row: row, count: count, offset: offset))
            offset += count
        }
        rows = stored
    }

    /// Rows including the leaves: log8(8·leaves), with integer arithmetic (merkletree's float log
    /// is exact for these powers of 8).
    static func rowCount(leaves: Int) -> Int {
        var count = 1
        var width = leaves
        while width > 1 {
            width /= Self.arity
            count += 1
        }
        return count
    }

    /// storage-proofs `default_rows_to_discard` for arity 8 with the default setting of 2.
    static func defaultRowsToDiscard(rowCount: Int) -> Int {
        if rowCount <= 2 { return 0 }
        if rowCount == 3 { return 1 }
        return min(rowCount - 2, 2)
    }

    public var nodesPerFile: Int { rows.reduce(0) { $0 + $1.count } }
    public var fileBytes: Int64 { Int64(nodesPerFile * Self.nodeBytes) }
    /// The lowest stored row: what a spot check recomputes from the replica.
    public var lowest: Row { rows[0] }
    /// Leaves under one node of the lowest stored row: 8^(r+1) (512, or 64 for 2KiB).
    public var leavesPerLowestNode: Int { 1 << (3 * (rowsToDiscard + 1)) }
    public var lowestNodesPerFile: Int { lowest.count }
    /// The whole tree's node count per base tree, leaves included (what t_aux records as `size`).
    public var treeLength: Int {
        var total = 0
        var width = leavesPerFile
        while width >= 1 {
            total += width
            if width == 1 { break }
            width /= Self.arity
        }
        return total
    }

    /// `sc-02-data-tree-r-last.dat`, or `…-tree-r-last-<i>.dat` per base tree.
    public var fileNames: [String] {
        fileCount == 1 ? ["sc-02-data-tree-r-last.dat"] : (0..<fileCount).map { "sc-02-data-tree-r-last-\($0).dat" }
    }

    /// Byte offset in the replica of the leaves under lowest stored node `node` of file `file`.
    public func replicaOffset(file: Int, node: Int) -> Int64 {
        (Int64(file) * Int64(leavesPerFile) + Int64(node) * Int64(leavesPerLowestNode)) * Int64(Self.nodeBytes)
    }

    /// The rows_to_discard that makes a tree file exactly `fileBytes` long (each value gives a
    /// different size), or nil when none does.
    public static func rowsToDiscard(sectorBytes: Int64, fileBytes: Int64) -> Int? {
        for r in 0..<8 {
            guard let layout = TreeRLastLayout(sectorBytes: sectorBytes, rowsToDiscard: r) else { break }
            if layout.fileBytes == fileBytes { return r }
        }
        return nil
    }
}
