public struct ExportOptions: Sendable {
    public var miner: Address
    public var nextNumber: UInt64?
    public var onlyNextNumber = false
    public var override = false
    public var dryRun = false
    public var noBackup = false
    /// Only these sector numbers are exported (`--numbers`); nil exports all. Every number damocles
    /// knows for the miner still counts as used, selected or not.
    public var numbers: Set<UInt64>?
    /// Write nothing when any sector fails (the behaviour before partial exports).
    public var allOrNothing = false
    /// The messager's answers and the update caches a sector's mapping may consult.
    public var mapping = MappingContext()

    public init(miner: Address) { self.miner = miner }
}

public struct ExportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
