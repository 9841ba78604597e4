/// Why no deadline schedule could be made; each case says what to fix.
public enum DeadlineError: Error, Equatable, CustomStringConvertible {
    case rpc(RPCError)
    /// The schedule asks the chain about one miner actor, which needs its ID address.
    case notAnIDAddress(String)
    /// The node's `dline.Info` does not describe a proving period ferry can plan against.
    case inconsistentDeadlineInfo(String)
    case badMargin(seconds: Int64, limitSeconds: Int64)
    case deadlineOutOfRange(sector: UInt64, deadline: UInt64, deadlines: UInt64)
    case sectorInTwoDeadlines(sector: UInt64, first: UInt64, second: UInt64)

    public var description: String {
        switch self {
        case .rpc(let error):
            "\(error)"
        case .notAnIDAddress(let s):
            "'\(s)' is not a miner ID address (want f0<id> or t0<id>)"
        case .inconsistentDeadlineInfo(let why):
            "the node's proving deadline cannot be planned against: \(why)"
        case let .badMargin(seconds, limit):
            "deadline margin \(EpochDuration.text(seconds: seconds)) must be at least 0s and below "
                + "\(EpochDuration.text(seconds: limit)), the time from a deadline's close to its next challenge"
        case let .deadlineOutOfRange(sector, deadline, deadlines):
            "the node places sector \(sector) in deadline \(deadline), but a proving period has \(deadlines) deadlines"
        case let .sectorInTwoDeadlines(sector, first, second):
            "the node lists sector \(sector) in deadlines \(first) and \(second)"
        }
    }
}
