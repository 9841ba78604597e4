import Foundation
import TransferCore
import TransferIO

enum Run {
    /// Plans and runs a copy or move with a journal, like the CLI does.
    static func transfer(_ sources: [String], to destination: String, mode: TransferMode, io: IOBackendKind,
                         configure: (inout TransferOptions) -> Void = { _ in }) throws -> TransferSession.Outcome {
        var options = TransferOptions(mode: mode)
        options.io = io
        options.chunkSize = 256 << 10
        options.memoryBudget = 4 << 20
        configure(&options)
        let plan = TransferPlanner.plan(sources: sources, destination: destination)
        let session = try TransferSession(plan: plan, options: options, journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        return try session.run(recheck: false) { _ in }
    }
}
