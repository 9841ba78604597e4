public import Foundation

/// A lotus storage path's `sectorstore.json` (LocalStorageMeta), as `StorageBestAlloc` reads it
/// to choose where a sector goes. Go's encoding/json matches keys case-insensitively and reads a
/// missing field or `null` as the zero value; so does this decoder, which is why a damocles
/// sectorstore.json (no CanStore) reads as "cannot store", exactly as lotus would see it.
public struct LotusStorageMeta: Sendable, Equatable {
    public var id: String
    public var weight: UInt64
    public var canSeal: Bool
    public var canStore: Bool
    /// Bytes; 0 = unlimited.
    public var maxStorage: UInt64
    public var allowTypes: [String]
    public var denyTypes: [String]
    public var allowMiners: [String]
    public var denyMiners: [String]

    public init(id: String = "", weight: UInt64 = 10, canSeal: Bool = false, canStore: Bool = true, maxStorage: UInt64 = 0,
                allowTypes: [String] = [], denyTypes: [String] = [], allowMiners: [String] = [], denyMiners: [String] = []) {
        self.id = id
        self.weight = weight
        self.canSeal = canSeal
        self.canStore = canStore
        self.maxStorage = maxStorage
        self.allowTypes = allowTypes
        self.denyTypes = denyTypes
        self.allowMiners = allowMiners
        self.denyMiners = denyMiners
    }

    /// What `lotus-miner storage attach --init --store` writes: weight 10, store only.
    public static let attachedStore = LotusStorageMeta()

    public static let fileName = "sectorstore.json"

    /// The path's sectorstore.json; nil when the path has none.
    public static func read(storePath: String) throws(LotusStorageConfig.Failure) -> LotusStorageMeta? {
        let file = storePath + "/" + fileName
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try decode(data, file: file)
    }

    public static func decode(_ data: Data, file: String = fileName) throws(LotusStorageConfig.Failure) -> LotusStorageMeta {
        guard let raw = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LotusStorageConfig.Failure(description: "\(file) is not a JSON object")
        }
        let object = Dictionary(raw.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        func strings(_ key: String) -> [String] { (object[key] as? [Any])?.compactMap { $0 as? String } ?? [] }
        func flag(_ key: String) -> Bool { (object[key] as? Bool) ?? false }
        func number(_ key: String) throws(LotusStorageConfig.Failure) -> UInt64 {
            guard let value = object[key], !(value is NSNull) else { return 0 }
            guard let number = value as? NSNumber, let exact = UInt64(exactly: number.doubleValue) ?? UInt64(number.stringValue) else {
                throw LotusStorageConfig.Failure(description: "\(file): \(key) is not an unsigned integer")
            }
            return exact
        }
        return LotusStorageMeta(id: object["id"] as? String ?? "", weight: try number("weight"), canSeal: flag("canseal"),
                                canStore: flag("canstore"), maxStorage: try number("maxstorage"),
                                allowTypes: strings("allowtypes"), denyTypes: strings("denytypes"),
                                allowMiners: strings("allowminers"), denyMiners: strings("denyminers"))
    }
}
