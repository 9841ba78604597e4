/// Options for opening a database. Defaults match what lotus-miner's goleveldb uses for its
/// metadata store, except that a missing database is created.
public struct KVOptions: Sendable {
    public var createIfMissing = true
    public var errorIfExists = false
    public var paranoidChecks = false
    /// Snappy off by default: lotus writes uncompressed blocks.
    public var compression = false

    public init() {}
}
