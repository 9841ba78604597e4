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

    /// What the row still owes, by the commit protocol's grouping.
    public var progress: FileProgress { state.progress(operation) }

    /// True once nothing more is owed for this file.
    public var isFinished: Bool { progress == .done }

    /// True while the file sits between two steps (a kill happened there).
    public var isInFlight: Bool { progress == .inFlight }
}
