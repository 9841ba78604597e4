import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

/// The full-node client and the one-call planner against the fake node, whose head epoch and
/// sector→deadline assignment the tests set.
@Suite(.tags(.fast)) struct DeadlineChainAPITests {
    /// Periods start at epochs ≡ 1234 (mod 2880); `ps` is one of them.
    static let offset: Int64 = 1234
    static let ps: Int64 = 2880 * 1500 + offset
    static func open(_ d: Int64, period k: Int64 = 0) -> Int64 { ps + k * 2880 + d * 60 }

    func api(_ node: FakeFullNode) throws -> ChainAPI {
        ChainAPI(client: JSONRPCClient(endpoint: try APIEndpoint(address: node.multiaddr, token: nil), timeout: 60))
    }

    @Test func provingDeadlineWire() async throws {
        let node = try FakeFullNode(epoch: Self.open(30) + 7, periodOffset: Self.offset)
        defer { node.stop() }
        let info = try await api(node).provingDeadline(miner: "f01000")
        #expect(info == .mainnet(periodStart: Self.ps, index: 30, currentEpoch: Self.open(30) + 7))
        #expect(node.calls.first?.method == "Filecoin.StateMinerProvingDeadline")
        #expect(node.calls.first?.params.map { String(decoding: $0, as: UTF8.self) } == [#""f01000""#, "[]"])
        node.setEpoch(Self.open(0, period: 1))
        let next = try await api(node).provingDeadline(miner: "t01000")
        #expect(next.index == 0 && next.periodStart == Self.ps + 2880)
        #expect(try await api(node).chainHeight() == Self.open(0, period: 1))
    }

    @Test func partitionsAndLocations() async throws {
        let node = try FakeFullNode(epoch: Self.open(3), periodOffset: Self.offset,
                                    deadlineOf: [0: 5, 1: 5, 2: 5, 3: 5, 9: 5, 7: 6], partitionSize: 3)
        defer { node.stop() }
        let chain = try api(node)
        let parts = try await chain.partitions(miner: "f01000", deadline: 5)
        #expect(parts.map(\.allSectors.ranges) == [[0..<3], [3..<4, 9..<10]])
        #expect(parts.first?.liveSectors == parts.first?.allSectors && parts.first?.faultySectors.isEmpty == true)
        // An empty deadline is `null` on the wire.
        #expect(try await chain.partitions(miner: "f01000", deadline: 7).isEmpty)
        #expect(try await chain.sectorPartition(miner: "f01000", sector: 9) == SectorLocation(deadline: 5, partition: 1))
        #expect(try await chain.sectorPartition(miner: "f01000", sector: 8) == nil)
        await #expect(throws: RPCError.server(method: "Filecoin.StateMinerProvingDeadline", code: 1, message: "failed to load miner actor: actor not found")) {
            try await chain.provingDeadline(miner: "f09999")
        }
    }

    @Test func otherServerErrorsAreNotAbsence() async throws {
        let node = try FakeFullNode(epoch: Self.open(3), periodOffset: Self.offset, deadlineOf: [9: 5],
                                    faults: [Fault(method: "Filecoin.StateSectorPartition", sector: 9,
                                                   .rpcError(code: 1, message: "blockstore: block not found"))])
        defer { node.stop() }
        await #expect(throws: RPCError.server(method: "Filecoin.StateSectorPartition", code: 1, message: "blockstore: block not found")) {
            try await api(node).sectorPartition(miner: "f01000", sector: 9)
        }
        await #expect(throws: DeadlineError.rpc(.server(method: "Filecoin.StateSectorPartition", code: 1, message: "blockstore: block not found"))) {
            try await DeadlineSchedule.plan(api: api(node), miner: "f01000", sectors: [9], marginSeconds: 1800)
        }
    }

    /// Both lookup strategies give the same plan; the per-deadline one makes exactly 48 calls.
    @Test func planFromTheChainBothWays() async throws {
        var assignment: [UInt64: UInt64] = [:]
        for sector in UInt64(1)...200 { assignment[sector] = sector % 48 }
        let node = try FakeFullNode(epoch: Self.open(30) + 30, periodOffset: Self.offset, deadlineOf: assignment, partitionSize: 2)
        defer { node.stop() }
        let wanted = Array(UInt64(1)...60) + [5000]
        let viaDeadlines = try await DeadlineSchedule.plan(api: api(node), miner: "f01000", sectors: wanted, marginSeconds: 1800)
        #expect(node.calls.filter { $0.method == "Filecoin.StateMinerPartitions" }.count == 48)
        let viaSectors = try await DeadlineSchedule.plan(api: api(node), miner: "t01000", sectors: wanted, marginSeconds: 1800,
                                                         perSectorLookups: 1000)
        #expect(node.calls.filter { $0.method == "Filecoin.StateSectorPartition" }.count == wanted.count)
        #expect(viaDeadlines.entries == viaSectors.entries)
        #expect(viaDeadlines.epoch == Self.open(30) + 30)
        let order = viaDeadlines.entries.map(\.sector)
        // 5000 is in no deadline; then deadline 29 (sector 29), 28, … as in the pure tests.
        #expect(Array(order.prefix(4)) == [5000, 29, 28, 27])
        #expect(viaDeadlines.deferred.map(\.sector) == [30, 31])
        #expect(viaDeadlines.deferredLine == "deferred: 30 (deadline 30 open), 31 (deadline 31 opens in 5m); run again later")
    }

    /// The fake's head moves; the same sectors are planned again as a later run would.
    @Test func replanAcrossThePeriodBoundary() async throws {
        let node = try FakeFullNode(epoch: Self.open(47) + 10, periodOffset: Self.offset, deadlineOf: [6: 0, 7: 47, 8: 46, 9: 1])
        defer { node.stop() }
        var plan = try await DeadlineSchedule.plan(api: api(node), miner: "f01000", sectors: [6, 7, 8, 9], marginSeconds: 1800)
        #expect(plan.entries.map(\.sector) == [8, 9, 7, 6])
        #expect(plan.deferredLine == "deferred: 7 (deadline 47 open), 6 (deadline 0 opens in 15m); run again later")
        node.setEpoch(Self.open(0, period: 1) + 1)
        plan = try await DeadlineSchedule.plan(api: api(node), miner: "f01000", sectors: [6, 7, 8, 9], marginSeconds: 1800)
        // 47 closed one epoch ago; 0 is open; 1 is challenged 39 epochs from now.
        #expect(plan.entries.map(\.sector) == [7, 8, 6, 9])
        #expect(plan.deferredLine == "deferred: 6 (deadline 0 open), 9 (deadline 1 opens in 19m30s); run again later")
        // While 0 is open, a group holding sector 6 is paused; one holding 7 and 8 is not.
        #expect(plan.schedule.throttle(forSectors: [6], at: plan.epoch)?.limit == .pause)
        #expect(plan.schedule.throttle(forSectors: [7, 8], at: plan.epoch) == nil)
        node.setEpoch(Self.open(2, period: 1))
        plan = try await DeadlineSchedule.plan(api: api(node), miner: "f01000", sectors: [6, 7, 8, 9], marginSeconds: 1800)
        #expect(plan.deferred.isEmpty && plan.entries.map(\.sector) == [9, 6, 7, 8])
    }

    @Test func refusals() async throws {
        let node = try FakeFullNode(epoch: Self.open(3), periodOffset: Self.offset)
        defer { node.stop() }
        await #expect(throws: DeadlineError.notAnIDAddress("f3abc")) {
            try await DeadlineSchedule.plan(api: api(node), miner: "f3abc", sectors: [1], marginSeconds: 60)
        }
        await #expect(throws: DeadlineError.badMargin(seconds: 90_000, limitSeconds: 84_000)) {
            try await DeadlineSchedule.plan(api: api(node), miner: "f01000", sectors: [1], marginSeconds: 90_000)
        }
    }

    /// Replies a real node would never send still end in a typed error, not a trap or a guess.
    @Test func malformedRepliesAreTypedErrors() async throws {
        let info = #"{"CurrentEpoch":100,"PeriodStart":0,"Index":1,"Open":60,"Close":120,"Challenge":40,"FaultCutoff":-10,"#
            + #""WPoStPeriodDeadlines":48,"WPoStProvingPeriod":2880,"WPoStChallengeWindow":60,"WPoStChallengeLookback":20,"FaultDeclarationCutoff":70}"#
        let badInfo = info.replacingOccurrences(of: #""Open":60"#, with: #""Open":61"#)
        for (deadlineJSON, partitionJSON) in [(badInfo, "null"), (info, #"[{"AllSectors":[5,0,1]}]"#), (info, #"[{"AllSectors":[18446744073709551615,1]}]"#)] {
            let server = try HTTPTestServer { request in
                let method = String(decoding: request.body, as: UTF8.self).contains("ProvingDeadline") ? deadlineJSON : partitionJSON
                return HTTPReply(status: 200, body: Data(#"{"id":1,"jsonrpc":"2.0","result":\#(method)}"#.utf8))
            }
            defer { server.stop() }
            let chain = ChainAPI(client: JSONRPCClient(endpoint: try APIEndpoint(address: "127.0.0.1:\(server.port)", token: nil), timeout: 60))
            do {
                _ = try await DeadlineSchedule.plan(api: chain, miner: "f01000", sectors: Array(1...40), marginSeconds: 60, perSectorLookups: 0)
                Issue.record("a malformed reply was accepted")
            } catch {
                switch error {
                case .inconsistentDeadlineInfo: #expect(deadlineJSON == badInfo)
                case .rpc(.unexpectedResult(let method, let detail)):
                    #expect(method == "Filecoin.StateMinerPartitions" && detail.contains("bitfield"))
                default: Issue.record("unexpected \(error)")
                }
            }
        }
    }
}
