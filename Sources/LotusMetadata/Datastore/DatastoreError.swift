public enum DatastoreError: Error, CustomStringConvertible, Sendable {
    case notARepo(String)
    case lotusRunning(String)
    case minerMismatch(expected: String, found: String)
    case unreadable(String)
    case io(String)

    public var description: String {
        switch self {
        case .notARepo(let m): m
        case .lotusRunning(let m): "\(m): is lotus-miner running? Stop it before ferry touches its datastore"
        case .minerMismatch(let expected, let found):
            "this repo belongs to miner \(found) (/miner-address), not \(expected)"
        case .unreadable(let m): m
        case .io(let m): m
        }
    }
}
