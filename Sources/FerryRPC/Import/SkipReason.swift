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
