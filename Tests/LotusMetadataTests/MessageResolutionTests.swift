import Foundation
import LotusMetadata
import Testing

/// A chain message CID (dag-cbor, blake2b-256) whose digest is 32 times `byte`.
func chainCID(_ byte: UInt8) -> CID {
    CID(codec: CID.Codec.dagCBOR, hashCode: CID.Hash.blake2b256, digest: Array(repeating: byte, count: 32))
}

/// Issue 15 items 2 and 3 at the mapping level: the messager's answers, one per uid, decide each
/// message field; a snapped sector's unresolved `ReplicaUpdateMessage` gets damocles' placeholder.
@Suite(.tags(.fast)) struct MessageResolutionTests {
    static let placeholder = "QmSGwDTT9CSKi1yXveLvqZAgyCCx9maA7qVwjy6WsYxQdN"

    static func uids(_ name: String) throws -> [MessageField: String] {
        let state = try loadFixture(name)
        var out: [MessageField: String] = [:]
        for (field, reference) in state.messageReferences {
            if case .messagerID(let id) = reference { out[field] = id }
        }
        return out
    }

    @Test func landedMessagesAreWrittenAsTheirSignedCid() throws {
        let ids = try Self.uids("snapped-1003")
        #expect(Set(ids.keys) == [.preCommit, .commit, .replicaUpdate])
        #expect(ids[.replicaUpdate] == "bafy2bzaced5yy43okgxz3mbjokuvcybj5kfrx4exuneomne5ne236veybqv3u-0")
        let lookup = MessageLookup(statuses: [ids[.preCommit]!: .landed(chainCID(1), nonceConflict: false),
                                              ids[.commit]!: .landed(chainCID(2), nonceConflict: true),
                                              ids[.replicaUpdate]!: .landed(chainCID(3), nonceConflict: false)], resolving: true)
        let m = try SectorMapping(loadFixture("snapped-1003"), context: MappingContext(messages: lookup))
        #expect(m.info.preCommitMessage == chainCID(1) && m.info.commitMessage == chainCID(2) && m.info.replicaUpdateMessage == chainCID(3))
        #expect(m.messages.resolved == 3 && m.messages.nulled == 0 && m.messages.placeholders == 0)
        #expect(m.notes.contains { $0.hasPrefix("CommitMessage \(chainCID(2)): venus-messager reports a nonce conflict") })
    }

    @Test func pendingFailedAndUnknownMessagesLeaveNullAndSaySo() throws {
        let ids = try Self.uids("snapped-1003")
        let lookup = MessageLookup(statuses: [ids[.preCommit]!: .notLanded(state: "FillMsg (2)"),
                                              ids[.commit]!: .unknown,
                                              ids[.replicaUpdate]!: .notLanded(state: "FailedMsg (4)")], resolving: true)
        let m = try SectorMapping(loadFixture("snapped-1003"), context: MappingContext(messages: lookup))
        #expect(m.info.preCommitMessage == nil && m.info.commitMessage == nil)
        #expect(m.info.replicaUpdateMessage?.description == Self.placeholder)
        #expect(m.messages.nulled == 2 && m.messages.placeholders == 1)
        #expect(m.notes.contains("PreCommitMessage left null: venus-messager message \(ids[.preCommit]!) has not landed (state FillMsg (2))"))
        #expect(m.notes.contains("CommitMessage left null: venus-messager has no message \(ids[.commit]!) (record not found)"))
        #expect(m.notes.contains { $0.hasPrefix("ReplicaUpdateMessage set to damocles' placeholder \(Self.placeholder) so lotus still sees the sector as upgraded: venus-messager message") })
    }

    @Test func chainCIDsAreUsedAsTheyAreAndNeverLookedUp() throws {
        var state = try loadFixture("lotus-imported-upgraded-9")
        #expect(state.messagerIDs.isEmpty, "bafy2bzace… values are chain CIDs already")
        state.UpgradedInfo?.SealedCID = JSONCID("bagboea4b5abcbu3extwdgjl73az254kmjfy6ggj4u4cm2uwymuj2vbrjlisvofq4")
        let m = try SectorMapping(state, context: MappingContext(messages: MessageLookup(resolving: true)))
        #expect(m.info.replicaUpdateMessage?.description == "bafy2bzaced5yy43okgxz3mbjokuvcybj5kfrx4exuneomne5ne236veybqv3u")
        #expect(m.info.preCommitMessage?.description == "bafy2bzaceaezl6mdhxag6jnxc7fxriui6klic6q4xjfzz3jnuwx6vgy35h4qi")
        #expect(m.messages.asIs == 3)
    }

    /// damocles dereferences a nil UpgradeMessageID (a panic); ferry writes the placeholder and says why.
    @Test func snappedSectorWithoutUpgradeMessageIDGetsThePlaceholder() throws {
        var state = try loadFixture("snapped-1003")
        state.UpgradeMessageID = nil
        let m = try SectorMapping(state)
        #expect(m.info.replicaUpdateMessage?.description == Self.placeholder)
        #expect(m.notes.contains { $0.hasSuffix("damocles holds no UpgradeMessageID") })
        // A sector that is not upgraded never gets one.
        #expect(try SectorMapping(loadFixture("cc-1000")).info.replicaUpdateMessage == nil)
    }

    /// The placeholder is damocles' `cid.NewCidV0(util.Hash("undef"))`: CIDv0 of sha256("undef"),
    /// checked here against coreutils' sha256sum rather than a constant copied from anywhere.
    @Test func placeholderIsTheCIDv0OfSha256OfUndef() throws {
        let dir = NSTemporaryDirectory() + "ferry-undef-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("undef".utf8).write(to: URL(fileURLWithPath: dir + "/undef"))
        let sum = try runProcess(try #require(Host.which("sha256sum")), [dir + "/undef"])
        let digest = [UInt8](hex: String(sum.stdout.prefix(64)))
        let placeholder = try CID(string: Self.placeholder)
        #expect(placeholder.version == 0 && placeholder.bytes == [0x12, 0x20] + digest)
    }

    @Test func placeholderSurvivesTheCBORRoundTrip() throws {
        let m = try SectorMapping(loadFixture("snapped-1003"))
        let decoded = try SectorInfo(cborBytes: m.info.encoded())
        #expect(decoded.replicaUpdateMessage?.description == Self.placeholder && decoded == m.info)
    }

    @Test func badMessageTextFailsTheSectorNamingTheField() throws {
        var state = try loadFixture("cc-1000")
        state.MessageInfo?.CommitCid = JSONCID("not-a-cid")
        do {
            _ = try SectorMapping(state)
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("CommitMessage: CID \"not-a-cid\""), "\(error)")
        }
    }

    @Test func exportReportCountsLookupsAndOutcomes() throws {
        let repo = try TempRepo()
        let ids = try Self.uids("snapped-1003")
        let lookup = MessageLookup(statuses: [ids[.preCommit]!: .landed(chainCID(1), nonceConflict: false), ids[.commit]!: .unknown,
                                              ids[.replicaUpdate]!: .unknown], resolving: true)
        var options = ExportOptions(miner: Address(actorID: 1000))
        options.noBackup = true
        options.mapping = MappingContext(messages: lookup)
        let report = try MetadataExport.run(repo: repo.repo, states: [try loadFixture("snapped-1003"), try loadFixture("cc-1000")], options: options)
        #expect(report.messagerLookups == 3)
        #expect(report.humanLines.contains("message CIDs: 1 resolved through venus-messager (3 ids looked up), 0 already chain CIDs, 3 left null, 1 ReplicaUpdateMessage placeholders"))
    }
}
