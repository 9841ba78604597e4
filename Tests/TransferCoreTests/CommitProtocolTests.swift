import Testing
@testable import TransferCore
import TransferHash
import TransferIO

/// Issue 12, item 2: the commit protocol as one table, checked pair by pair without a disk.
/// The kill-point sweep (tools/faultbed) keeps checking the real binary end to end.
@Suite(.tags(.fast)) struct CommitProtocolTests {
    /// The specification, written out: every legal (state before, event) and the state after.
    /// nil: the journal has no row for the file yet.
    static let legal: [(from: FileState?, event: FileEvent.Kind, to: FileState)] = [
        (nil, .planned, .planned), (.planned, .planned, .planned), (.copying, .planned, .planned),
        (.synced, .planned, .planned), (.verified, .planned, .planned), (.committed, .planned, .planned),
        (.sourceRemoved, .planned, .planned), (.failed, .planned, .planned),
        (.planned, .copyStarted, .copying),
        (.copying, .synced, .synced),
        (.synced, .verified, .verified),
        (.planned, .foundIdentical, .verified),
        (.synced, .committed, .committed), (.verified, .committed, .committed),
        (.planned, .renamed, .sourceRemoved),
        (.planned, .renameFound, .sourceRemoved), (.copying, .renameFound, .sourceRemoved), (.synced, .renameFound, .sourceRemoved),
        (.verified, .renameFound, .sourceRemoved), (.failed, .renameFound, .sourceRemoved),
        (.committed, .sourceRemoved, .sourceRemoved),
        (.planned, .failed, .failed), (.copying, .failed, .failed), (.synced, .failed, .failed),
        (.verified, .failed, .failed), (.committed, .failed, .failed),
    ]

    static let rowStates: [FileState?] = FileState.allCases.map(Optional.some) + [nil]

    @Test func everyStateEventPairIsLegalExactlyAsSpecified() {
        var checked = 0
        for from in Self.rowStates {
            for event in FileEvent.Kind.allCases {
                let expected = Self.legal.first { $0.from == from && $0.event == event }?.to
                #expect(FileState.after(from, event) == expected, "\(from.map(\.rawValue) ?? "no row") + \(event)")
                checked += 1
            }
        }
        #expect(checked == 80)
        #expect(Self.legal.count == 26)
    }

    /// The ways FileJob and TransferSession walk a file, from no row to its last state.
    @Test(arguments: [
        ("copy", [.planned, .copyStarted, .synced, .verified, .committed], FileState.committed),
        ("move", [.planned, .copyStarted, .synced, .verified, .committed, .sourceRemoved], .sourceRemoved),
        ("--no-verify", [.planned, .copyStarted, .synced, .committed], .committed),
        ("already present", [.planned, .foundIdentical, .committed, .sourceRemoved], .sourceRemoved),
        ("rename", [.planned, .renamed], .sourceRemoved),
        ("reflink (verified from the device)", [.planned, .copyStarted, .synced, .verified, .committed], .committed),
        ("journal failed before removal", [.planned, .copyStarted, .synced, .verified, .committed, .failed], .failed),
        ("verify mismatch", [.planned, .copyStarted, .synced, .failed], .failed),
        ("failed, then resumed as a found rename", [.planned, .failed, .renameFound], .sourceRemoved),
        ("killed while copying, replanned", [.planned, .copyStarted, .planned, .copyStarted, .synced], .synced),
        ("moved, source back after a power cut, replanned", [.planned, .renamed, .planned, .renamed], .sourceRemoved),
    ] as [(String, [FileEvent.Kind], FileState)])
    func journeysReachTheirEnd(_ name: String, events: [FileEvent.Kind], end: FileState) {
        var state: FileState?
        for event in events {
            let next = FileState.after(state, event)
            #expect(next != nil, "\(name): \(state.map(\.rawValue) ?? "no row") + \(event) refused")
            state = next
        }
        #expect(state == end, "\(name)")
    }

    @Test func aRowRecordsTheStateAndPayloadOfEachEvent() {
        let log = CapturingLog()
        let digest = XXH128Hasher.hash([1, 2, 3])
        var row = FileRow(Self.item, state: nil)
        row.record(.planned, in: log)
        row.record(.copyStarted(.copy), in: log)
        row.record(.synced(.copy), in: log)
        row.record(.verified(.copy, digest), in: log)
        row.record(.committed(.copy, digest), in: log)
        row.record(.sourceRemoved(.copy, digest), in: log)
        #expect(log.transitions.map(\.state) == [.planned, .copying, .synced, .verified, .committed, .sourceRemoved])
        #expect(log.transitions.map(\.method) == [nil, .copy, .copy, .copy, .copy, .copy])
        #expect(log.transitions.map(\.digest) == [nil, nil, nil, digest, digest, digest])
        #expect(log.transitions.allSatisfy { $0.failure == nil && $0.item == Self.item })
        #expect(row.state == .sourceRemoved)

        var other = FileRow(Self.item, state: .planned)
        other.record(.foundIdentical(digest), in: log)
        #expect(log.transitions.last?.method == .alreadyPresent && log.transitions.last?.digest == digest)
        other.record(.failed(.alreadyPresent, "journal write failed"), in: log)
        #expect(log.transitions.last?.state == .failed && log.transitions.last?.failure == "journal write failed")
        var renamed = FileRow(Self.item, state: .planned)
        renamed.record(.renamed, in: log)
        #expect(log.transitions.last?.method == .rename && log.transitions.last?.digest == nil)
    }

    /// What `ferry status`, `ferry report` and the journal's reset notice count as done.
    @Test func progressGroupsEveryStateOfEitherOperation() {
        let expected: [FileState: (copy: FileProgress, move: FileProgress)] = [
            .planned: (.remaining, .remaining), .copying: (.inFlight, .inFlight), .synced: (.inFlight, .inFlight),
            .verified: (.inFlight, .inFlight), .committed: (.done, .inFlight), .sourceRemoved: (.done, .done),
            .failed: (.failed, .failed),
        ]
        for state in FileState.allCases {
            for operation in [TransferMode.copy, .move] {
                let want = operation == .copy ? expected[state]!.copy : expected[state]!.move
                let record = JournalRecord(item: Self.item, state: state, method: nil, digest: nil, failure: nil, operation: operation)
                #expect(record.progress == want, "\(state) \(operation)")
                #expect(record.isFinished == (want == .done) && record.isInFlight == (want == .inFlight), "\(state) \(operation)")
            }
        }
        #expect(FileProgress.allCases.map(\.rawValue) == ["done", "in_flight", "remaining", "failed"])
    }

    static let item = TransferItem(source: "/src/f", destination: "/dst/f", size: 4096, permissions: 0o644,
                                   modificationTime: Timestamp(seconds: 1_700_000_000, nanoseconds: 5))
}

/// Keeps every transition, durable at once.
final class CapturingLog: TransitionLog, @unchecked Sendable {
    var transitions: [Transition] = []
    func record(_ transition: Transition) -> UInt64 {
        transitions.append(transition)
        return UInt64(transitions.count)
    }
    func isDurable(_ ticket: UInt64) -> Bool { true }
    func waitForDurability() {}
    func flush() throws {}
    var failureReason: String? { nil }
}
