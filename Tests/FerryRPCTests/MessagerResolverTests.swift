import Foundation
import LotusMetadata
import RPCTestServers
import Testing
@testable import FerryRPC

/// A fake venus-messager answering each state the export must tell apart.
enum MessagerFixtures {
    static let admin = "admin-token"
    static let user = (token: "alice-token", user: "alice", signers: Set(["f3owned"]))
    /// Chain message CIDs (dag-cbor, blake2b-256), as SignedCid holds them.
    static let landedCID = "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"
    static let conflictCID = "bafy2bzacebp3shtrn43k7g3unredz7fxn4gj533d3o43tqn2p2ipxxhrvchve"

    static let messages = [
        FakeMessager.Message(id: "uid-landed", state: 3, signedCid: landedCID),
        FakeMessager.Message(id: "uid-conflict", state: 5, signedCid: conflictCID),
        FakeMessager.Message(id: "uid-pending", state: 2, signedCid: nil),
        FakeMessager.Message(id: "uid-unfilled", state: 1, signedCid: nil),
        FakeMessager.Message(id: "uid-failed", state: 4, signedCid: nil),
        FakeMessager.Message(id: "uid-foreign", state: 3, signedCid: landedCID, from: "f3someoneelse"),
    ]

    static func api(_ messager: FakeMessager, token: String? = admin) throws -> MessagerAPI {
        MessagerAPI(endpoint: try APIEndpoint(address: messager.multiaddr, token: token), timeout: 30, maxReplyBytes: 1 << 20)
    }
}

@Suite(.tags(.fast)) struct MessagerResolverTests {
    @Test func eachStateIsToldApartAndEachUIDAskedOnce() async throws {
        let messager = try FakeMessager(messages: MessagerFixtures.messages, adminToken: MessagerFixtures.admin)
        defer { messager.stop() }
        let uids = ["uid-landed", "uid-conflict", "uid-pending", "uid-unfilled", "uid-failed", "uid-unknown", "uid-landed", "uid-pending"]
        let lookup = try await MessagerResolver(api: try MessagerFixtures.api(messager)).resolve(uids)
        #expect(lookup.resolving && lookup.statuses.count == 6)
        #expect(lookup.statuses["uid-landed"] == .landed(try CID(string: MessagerFixtures.landedCID), nonceConflict: false))
        #expect(lookup.statuses["uid-conflict"] == .landed(try CID(string: MessagerFixtures.conflictCID), nonceConflict: true))
        #expect(lookup.statuses["uid-pending"] == .notLanded(state: "FillMsg (2)"))
        #expect(lookup.statuses["uid-unfilled"] == .notLanded(state: "UnFillMsg (1)"))
        #expect(lookup.statuses["uid-failed"] == .notLanded(state: "FailedMsg (4)"))
        #expect(lookup.statuses["uid-unknown"] == .unknown)
        let asked = messager.calls.compactMap { $0.paramText(0) }
        #expect(asked.sorted() == ["uid-conflict", "uid-failed", "uid-landed", "uid-pending", "uid-unfilled", "uid-unknown"].map { "\"\($0)\"" })
        #expect(messager.calls.allSatisfy { $0.method == "Message.GetMessageByUid" && $0.authorization == "Bearer admin-token" })
        #expect(messager.namespaceHeaders.allSatisfy { $0 == "messager.IMessager" } && messager.namespaceHeaders.count == 6)
    }

    @Test func aRefusedTokenStopsEverything() async throws {
        let messager = try FakeMessager(messages: MessagerFixtures.messages, adminToken: MessagerFixtures.admin)
        defer { messager.stop() }
        for token in ["wrong", nil] as [String?] {
            await #expect(throws: MessagerError.tokenRefused(url: messager.url)) {
                try await MessagerResolver(api: try MessagerFixtures.api(messager, token: token)).resolve(["uid-landed"])
            }
        }
    }

    /// A non-admin token sees only its user's senders' messages: another sender's is a permission
    /// error for the whole export, not a quietly nulled field.
    @Test func permissionDeniedNamesTheMessage() async throws {
        let messager = try FakeMessager(messages: MessagerFixtures.messages, adminToken: MessagerFixtures.admin, userToken: MessagerFixtures.user)
        defer { messager.stop() }
        let api = try MessagerFixtures.api(messager, token: MessagerFixtures.user.token)
        let own = try await MessagerResolver(api: api).resolve(["uid-landed"])
        #expect(own.statuses["uid-landed"] == .landed(try CID(string: MessagerFixtures.landedCID), nonceConflict: false))
        await #expect(throws: MessagerError.permissionDenied(uid: "uid-foreign", message: "signer f3someoneelse not exist in user alice: permission deny")) {
            try await MessagerResolver(api: api).resolve(["uid-foreign"])
        }
    }

    @Test func garbageRepliesAreErrors() async throws {
        let messager = try FakeMessager(messages: [
            FakeMessager.Message(id: "uid-number", state: 3, signedCid: nil, rawResult: "42"),
            FakeMessager.Message(id: "uid-other", state: 3, signedCid: MessagerFixtures.landedCID,
                                 rawResult: FakeMessager.json(.init(id: "uid-elsewhere", state: 3, signedCid: MessagerFixtures.landedCID))),
            FakeMessager.Message(id: "uid-commr", state: 3, signedCid: "bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap"),
            FakeMessager.Message(id: "uid-badcid", state: 3, signedCid: "bafy-not-a-cid"),
        ], adminToken: MessagerFixtures.admin)
        defer { messager.stop() }
        let resolver = MessagerResolver(api: try MessagerFixtures.api(messager))
        for (uid, expected) in [("uid-number", "found number instead"), ("uid-other", "it is about message uid-elsewhere"),
                                ("uid-commr", "is not a chain message CID"), ("uid-badcid", "SignedCid: CID bafy-not-a-cid is not valid")] {
            do {
                _ = try await resolver.resolve([uid])
                Issue.record("\(uid) was accepted")
            } catch {
                // resolve throws MessagerError (typed): no cast needed.
                guard case .badReply(let got, let detail) = error else { Issue.record("\(uid): \(error)"); continue }
                #expect(got == uid && detail.contains(expected), "\(uid): \(detail)")
            }
        }
    }

    @Test func cutAndMalformedRepliesAndADownMessagerAreErrors() async throws {
        for action in [Fault.Action.closeMidReply, .malformedJSON, .httpStatus(502)] {
            let messager = try FakeMessager(messages: MessagerFixtures.messages, adminToken: MessagerFixtures.admin,
                                            faults: [Fault(method: "Message.GetMessageByUid", action)])
            defer { messager.stop() }
            await #expect(throws: MessagerError.self) {
                try await MessagerResolver(api: try MessagerFixtures.api(messager)).resolve(["uid-landed"])
            }
        }
        let gone = try FakeMessager(messages: [], adminToken: MessagerFixtures.admin)
        let api = try MessagerFixtures.api(gone)
        gone.stop()
        await #expect(throws: MessagerError.call(uid: "uid-landed", .connectionRefused(url: gone.url))) {
            try await MessagerResolver(api: api).resolve(["uid-landed"])
        }
    }

    /// Many uids through a few connections at a time all arrive, whatever order they finish in.
    @Test func manyUIDsAreAllResolved() async throws {
        let many = (0..<100).map { FakeMessager.Message(id: "uid-\($0)", state: 3, signedCid: MessagerFixtures.landedCID) }
        let messager = try FakeMessager(messages: many, adminToken: MessagerFixtures.admin)
        defer { messager.stop() }
        let lookup = try await MessagerResolver(api: try MessagerFixtures.api(messager)).resolve(many.map(\.id) + many.map(\.id))
        #expect(lookup.statuses.count == 100 && messager.calls.count == 100)
    }
}
