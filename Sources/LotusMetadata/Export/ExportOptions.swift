public struct ExportOptions: Sendable {
    public var miner: Address
    public var nextNumber: UInt64?
    public var onlyNextNumber = false
    public var override = false
    public var dryRun = false
    public var noBackup = false

    public init(miner: Address) { self.miner = miner }
}

public struct ExportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
