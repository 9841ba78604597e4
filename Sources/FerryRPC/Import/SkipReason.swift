/// Why a lotus sector cannot become a damocles state; the texts are damocles' own
/// (`sectorInfo2SectorState`), printed after `check sector info: `.
public enum SkipReason: Error, Equatable, CustomStringConvertible {
    case unexpectedState(String)
    case noCommD
    case noCommR
    case badCommR(String)
    case noProof
    case noTicket
    case noSeed

    public var description: String {
        switch self {
        case .unexpectedState(let s): "unexpected sector state \(s)"
        case .noCommD: "no comm_d"
        case .noCommR: "no comm_r"
        case .badCommR(let why): "convert comm_r cid to commitment: \(why)"
        case .noProof: "no proof"
        case .noTicket: "no ticket"
        case .noSeed: "no seed"
        }
    }
}

/// A value in a lotus record that no sector can have. Unlike a skip (damocles' own refusals, exit
/// 0), this fails the sector: the daemon or its datastore is sending garbage.
public struct InvalidSectorValue: Error, Equatable, CustomStringConvertible {
    /// The lotus field, as a JSON path (`Pieces[1].Piece.Size`).
    public var field: String
    public var value: String
    public var problem: String

    public var description: String { "invalid lotus sector record: \(field) = \(value): \(problem)" }
}

/// Why `SectorStateMapper.map` produced no state.
public enum MappingError: Error, Equatable, CustomStringConvertible {
    case skipped(SkipReason)
    case invalid(InvalidSectorValue)

    public var description: String {
        switch self {
        case .skipped(let reason): reason.description
        case .invalid(let value): value.description
        }
    }
}
