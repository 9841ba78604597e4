/// Operations applied atomically by `KVDatabase.write`. Kept as plain Swift values (not a C
/// batch) so the batch is `Sendable` and no LevelDB type leaves this module.
public struct KVWriteBatch: Sendable {
    enum Operation: Sendable {
        case put(key: [UInt8], value: [UInt8])
        case delete(key: [UInt8])
    }

    private(set) var operations: [Operation] = []

    public init() {}

    public mutating func put(_ key: [UInt8], _ value: [UInt8]) {
        operations.append(.put(key: key, value: value))
    }

    public mutating func delete(_ key: [UInt8]) {
        operations.append(.delete(key: key))
    }

    public var isEmpty: Bool { operations.isEmpty }
    public var count: Int { operations.count }
}
