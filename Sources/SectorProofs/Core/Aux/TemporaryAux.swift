/// `t_aux` (reference §3.2): bincode-1 (little-endian, fixed-width u64 lengths) of
/// `TemporaryAux { labels: Labels { Vec<StoreConfig> }, tree_d_config, tree_r_last_config,
/// tree_c_config }`. Only tree_r_last's `rows_to_discard` and `size` matter for integrity: proofs
/// rewrites the paths on load, and PoSt does not read t_aux at all.
public struct TemporaryAux: Sendable, Equatable {
    /// merkletree `StoreConfig { path, id, size: Option<usize>, rows_to_discard }`.
    public struct StoreConfig: Sendable, Equatable {
        public var path: String
        public var id: String
        public var size: UInt64?
        public var rowsToDiscard: UInt64

        public init(path: String, id: String, size: UInt64?, rowsToDiscard: UInt64) {
            self.path = path
            self.id = id
            self.size = size
            self.rowsToDiscard = rowsToDiscard
        }
    }

    public var labels: [StoreConfig]
    public var treeD: StoreConfig
    public var treeRLast: StoreConfig
    public var treeC: StoreConfig

    public init(labels: [StoreConfig], treeD: StoreConfig, treeRLast: StoreConfig, treeC: StoreConfig) {
        self.labels = labels
        self.treeD = treeD
        self.treeRLast = treeRLast
        self.treeC = treeC
    }

    public init(bytes: [UInt8]) throws(BincodeReader.Problem) {
        var reader = BincodeReader(bytes)
        let count = try reader.u64("labels length")
        // Each label config is at least 25 bytes (two empty strings, None, r): a length that cannot
        // fit is corruption, not a reason to allocate.
        guard count <= UInt64(bytes.count / 25) else { throw .implausible(field: "labels length", value: count, offset: 0) }
        labels = []
        for index in 0..<Int(count) { labels.append(try reader.storeConfig("labels[\(index)]")) }
        treeD = try reader.storeConfig("tree_d_config")
        treeRLast = try reader.storeConfig("tree_r_last_config")
        treeC = try reader.storeConfig("tree_c_config")
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        BincodeWriter.u64(UInt64(labels.count), into: &out)
        for config in labels + [treeD, treeRLast, treeC] { BincodeWriter.storeConfig(config, into: &out) }
        return out
    }

    /// What proofs writes at PC2 for a sector of this layout (reference §3.2); used by the generator.
    public static func sealed(layout: TreeRLastLayout, cacheDirectory: String) -> TemporaryAux {
        let nodes = UInt64(layout.sectorBytes / 32)
        let layers = layout.fileCount == 1 ? 2 : 11
        func config(_ id: String, _ size: UInt64, _ r: Int = 0) -> StoreConfig {
            StoreConfig(path: cacheDirectory, id: id, size: size, rowsToDiscard: UInt64(r))
        }
        return TemporaryAux(
            labels: (1...layers).map { config("layer-\($0)", nodes) },
            treeD: config("tree-d", 2 * nodes - 1),
            treeRLast: config("tree-r-last", UInt64(layout.treeLength), layout.rowsToDiscard),
            treeC: config("tree-c", UInt64(layout.treeLength))
        )
    }
}
