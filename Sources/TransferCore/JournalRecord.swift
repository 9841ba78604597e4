public import TransferHash

/// The command a journal belongs to. A journal refuses a different command while the run it
/// holds has unfinished files.
public struct RunIdentity: Codable, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var sources: [String]
    public var destination: String

    public init(operation: String, sources: [String], destination: String) {
        self.operation = operation
        self.sources = sources
        self.destination = destination
    }

    public var description: String { "\(operation) \(sources.joined(separator: " ")) → \(destination)" }
}

/// One file's row in the journal: its plan and the last state it reached.
public struct JournalRecord: Codable, Sendable {
    public var item: TransferItem
    public var state: FileState
    public var method: TransferMethod?
    public var digest: String?
    public var failure: String?
    /// The operation of the run that wrote it (move rows need their source removed).
    public var operation: TransferMode

    public var digestValue: Digest128? { digest.flatMap { Digest128(hex: $0) } }

    /// True once nothing more is owed for this file.
    public var isFinished: Bool {
        switch state {
        case .sourceRemoved: true
        case .committed: operation == .copy
        default: false
        }
    }

    /// True while the file sits between two steps (a kill happened there).
    public var isInFlight: Bool {
        switch state {
        case .copying, .synced, .verified: true
        case .committed: operation == .move
        default: false
        }
    }
}
