import Testing
@testable import TransferCore
import TransferHash
import TransferIO

/// Issue 12, item 2: what a resumed run owes each journal row, over every row state, operation,
/// plan, source and destination observation, without a disk.
@Suite(.tags(.fast)) struct ResumeDecisionTests {
    enum Recheck: CaseIterable { case off, matches, differs, unreadable }

    struct Case: CustomStringConvertible {
        var state: FileState, operation: TransferMode, replanned: Bool
        var source: PathObservation, destination: PathObservation, removesSources: Bool, recheck: Recheck
        var description: String {
            "\(state) \(operation) replanned=\(replanned) source=\(source) destination=\(destination) removes=\(removesSources) recheck=\(recheck)"
        }
    }

    /// One line of the decision table; nil matches anything. The first line that matches wins.
    struct Rule {
        var states: Set<FileState>? = nil, operation: TransferMode? = nil, replanned: Bool? = nil
        var source: Set<PathObservation>? = nil, destination: Set<PathObservation>? = nil
        var removesSources: Bool? = nil, recheck: Set<Recheck>? = nil
        var decision: ResumeDecision
        var why: String

        func matches(_ c: Case) -> Bool {
            (states?.contains(c.state) ?? true) && (operation.map { $0 == c.operation } ?? true)
                && (replanned.map { $0 == c.replanned } ?? true) && (source?.contains(c.source) ?? true)
                && (destination?.contains(c.destination) ?? true) && (removesSources.map { $0 == c.removesSources } ?? true)
                && (recheck?.contains(c.recheck) ?? true)
        }
    }

    static let committed: Set<FileState> = [.committed, .sourceRemoved]
    static let unfinished: Set<FileState> = [.planned, .copying, .synced, .verified, .failed]
    static let digest = XXH128Hasher.hash([7])

    static let table: [Rule] = [
        Rule(replanned: true, source: [.changed], decision: .redo, why: "a new file under an old name is planned afresh"),
        Rule(states: [.sourceRemoved], replanned: true, source: [.asPlanned], decision: .redo,
             why: "a source back after its removal was recorded (a rename undone by a power cut) is moved again"),
        Rule(states: committed, source: [.asPlanned], destination: [.absent], decision: .redo,
             why: "the committed copy is gone but the source is still there: copy it again"),
        Rule(states: committed, destination: [.absent], decision: .destinationMissing, why: "nothing left to copy from"),
        Rule(states: committed, destination: [.changed], decision: .destinationChanged, why: "someone changed the committed copy"),
        Rule(states: committed, recheck: [.differs, .unreadable], decision: .recheckFailed(recorded: digest), why: "--recheck found other bytes"),
        Rule(states: [.committed], operation: .move, removesSources: true, decision: .removeSource, why: "a move killed before removing its source"),
        Rule(states: committed, decision: .done, why: "finished by an earlier run"),
        Rule(states: unfinished, source: [.asPlanned, .changed], decision: .redo, why: "the source is still there: nothing counts until commit"),
        Rule(states: unfinished, operation: .move, destination: [.asPlanned], decision: .recordRename,
             why: "a rename that happened but was not recorded"),
        Rule(states: unfinished, decision: .redo, why: "interrupted before commit"),
    ]

    static var allCases: [Case] {
        var cases: [Case] = []
        for state in FileState.allCases {
            for operation in [TransferMode.copy, .move] {
                for replanned in [false, true] {
                    for source in PathObservation.allCases {
                        for destination in PathObservation.allCases {
                            for removes in [false, true] {
                                for recheck in Recheck.allCases {
                                    cases.append(Case(state: state, operation: operation, replanned: replanned, source: source,
                                                      destination: destination, removesSources: removes, recheck: recheck))
                                }
                            }
                        }
                    }
                }
            }
        }
        return cases
    }

    static func decide(_ c: Case, digest: Digest128? = digest, rehashed: inout Bool) -> ResumeDecision {
        let row = JournalRecord(item: CommitProtocolTests.item, state: c.state, method: .copy, digest: digest?.hex, failure: nil,
                                operation: c.operation)
        var called = false
        let recheck: (() -> Digest128?)? = switch c.recheck {
        case .off: nil
        case .matches: { called = true; return Self.digest }
        case .differs: { called = true; return XXH128Hasher.hash([8]) }
        case .unreadable: { called = true; return nil }
        }
        let decision = ResumeDecision.of(row, replanned: c.replanned, source: c.source, destination: c.destination,
                                         removesSources: c.removesSources, recheck: recheck)
        rehashed = called
        return decision
    }

    @Test func everyObservationGetsTheTablesDecision() {
        let cases = Self.allCases
        #expect(cases.count == 7 * 2 * 2 * 3 * 3 * 2 * 4)
        for c in cases {
            let rule = Self.table.first { $0.matches(c) }
            var rehashed = false
            #expect(Self.decide(c, rehashed: &rehashed) == rule?.decision, "\(c): want \(rule?.why ?? "a rule")")
        }
    }

    /// What carrying a decision out records is a legal transition from the row's state, and the
    /// destination is hashed only when it is committed and looks unchanged.
    @Test func decisionsRecordOnlyLegalTransitionsAndHashOnlyWhenNeeded() {
        for c in Self.allCases {
            var rehashed = false
            let decision = Self.decide(c, rehashed: &rehashed)
            if let event = decision.event {
                #expect(FileState.after(c.state, event) != nil, "\(c) → \(decision)")
            }
            let worthHashing = Self.committed.contains(c.state) && c.destination == .asPlanned && c.recheck != .off
                && !(c.replanned && (c.source == .changed || (c.state == .sourceRemoved && c.source != .absent)))
            #expect(rehashed == worthHashing, "\(c)")
        }
    }

    @Test func aRowWithoutADigestIsNotRechecked() {
        let c = Case(state: .committed, operation: .copy, replanned: true, source: .asPlanned, destination: .asPlanned,
                     removesSources: true, recheck: .differs)
        var rehashed = true
        #expect(Self.decide(c, digest: nil, rehashed: &rehashed) == .done)
        #expect(!rehashed)
    }

    /// A replanned source is compared with the row's plan, identity included when both know it.
    @Test func aReplannedSourceIsTheRowsFileOnlyWhileItIsTheSameFile() {
        let row = CommitProtocolTests.item
        var same = row
        same.sourceIdentity = FileIdentity(inode: 9, changeTime: Timestamp(seconds: 1, nanoseconds: 0))
        #expect(PathObservation.source(nil, of: row, replanned: same) == .absent, "no identity in the row: size and mtime decide")
        var pinned = row
        pinned.sourceIdentity = FileIdentity(inode: 8, changeTime: Timestamp(seconds: 1, nanoseconds: 0))
        #expect(PathObservation.source(nil, of: pinned, replanned: same) == .changed, "another inode")
        var grown = row
        grown.size += 1
        #expect(PathObservation.source(nil, of: row, replanned: grown) == .changed)
        var touched = row
        touched.modificationTime.nanoseconds += 1
        #expect(PathObservation.source(nil, of: row, replanned: touched) == .changed)
    }
}
