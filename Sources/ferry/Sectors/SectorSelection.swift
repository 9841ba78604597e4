import ArgumentParser
import SectorStore

/// `--numbers` as damocles takes it: repeatable, and also comma-separated.
struct SectorNumberList: ExpressibleByArgument {
    let values: [UInt64]

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { UInt64($0.filter { $0 != " " }) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        values = parts.map { $0! }
    }
}

/// `--miner` as t01000, f01000 or 1000.
struct MinerArgument: ExpressibleByArgument {
    let id: MinerID

    init?(argument: String) {
        guard let id = MinerID(parsing: argument) else { return nil }
        self.id = id
    }
}

extension Array where Element == SectorNumberList {
    /// nil = every sector.
    var selection: Set<UInt64>? { isEmpty ? nil : Set(flatMap(\.values)) }
}
