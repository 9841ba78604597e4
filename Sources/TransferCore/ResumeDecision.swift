public import TransferHash
public import TransferIO

/// What is at one of a row's paths now, against what the row planned.
public enum PathObservation: Sendable, CaseIterable {
    case absent
    /// Present with the planned size and mtime.
    case asPlanned
    /// Present, but not the file planned (another size or mtime, or for a replanned source
    /// another identity).
    case changed

    public init(_ status: FileStatus?, of planned: TransferItem) {
        guard let status else {
            self = .absent
            return
        }
        self = status.size == planned.size && status.modificationTime == planned.modificationTime ? .asPlanned : .changed
    }

    /// The source of `row`: `replanned` is this run's plan of the same name, if it has one. A
    /// row describes the file only while it is still the one it planned: a new file under an old
    /// name is planned afresh.
    public static func source(_ status: FileStatus?, of row: TransferItem, replanned: TransferItem?) -> PathObservation {
        if let replanned, !replanned.isSameFile(as: row) { return .changed }
        return PathObservation(status, of: row)
    }
}

extension TransferItem {
    /// Same size and mtime, and the same identity when both plans know it.
    func isSameFile(as other: TransferItem) -> Bool {
        size == other.size && modificationTime == other.modificationTime
            && (sourceIdentity == nil || other.sourceIdentity == nil || sourceIdentity == other.sourceIdentity)
    }
}

/// What a resumed run owes one journal row, decided from the row and what is on disk now.
public enum ResumeDecision: Sendable, Equatable {
    /// Nothing that counts was done: transfer the file again (if this run planned it).
    case redo
    /// An earlier run finished the file.
    case done
    /// An earlier move committed the file but did not remove its source: remove it now.
    case removeSource
    /// An earlier move renamed the file but was killed before recording it: record it now.
    case recordRename
    /// Committed earlier, but the destination is gone and the source is not there to copy again.
    case destinationMissing
    /// Committed earlier, but the destination's size or mtime is not the committed one's.
    case destinationChanged
    /// `--recheck`: the destination no longer hashes to the digest the row recorded.
    case recheckFailed(recorded: Digest128)

    /// Decides, doing no I/O itself. `replanned`: this run planned the source again.
    /// `removesSources`: a move that removes each source as it commits (not deferred to the
    /// caller). `recheck` (only with `--recheck`) hashes the destination; it is called only for
    /// a committed row whose destination still has its size and mtime.
    public static func of(_ row: JournalRecord, replanned: Bool, source: PathObservation, destination: PathObservation,
                          removesSources: Bool, recheck: (() -> Digest128?)? = nil) -> ResumeDecision {
        // A source that is back after its removal was recorded (a rename undone by a power cut)
        // is a file to move again, as is a changed one.
        if replanned, source == .changed || (row.state == .sourceRemoved && source != .absent) { return .redo }
        switch row.state {
        case .committed, .sourceRemoved:
            switch destination {
            case .absent: return source == .asPlanned ? .redo : .destinationMissing
            case .changed: return .destinationChanged
            case .asPlanned: break
            }
            if let recheck, let digest = row.digestValue, recheck() != digest { return .recheckFailed(recorded: digest) }
            return row.state == .committed && row.operation == .move && removesSources ? .removeSource : .done
        case .planned, .copying, .synced, .verified, .failed:
            // Interrupted before commit. A rename that happened but was not yet recorded leaves
            // the source gone and the destination whole.
            guard source == .absent else { return .redo }
            return destination == .asPlanned && row.operation == .move ? .recordRename : .redo
        }
    }

    /// The journal event carrying out this decision records, if any.
    public var event: FileEvent.Kind? {
        switch self {
        case .removeSource: .sourceRemoved
        case .recordRename: .renameFound
        case .redo: .planned
        case .done, .destinationMissing, .destinationChanged, .recheckFailed: nil
        }
    }
}
