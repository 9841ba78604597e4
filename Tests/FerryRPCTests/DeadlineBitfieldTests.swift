import Foundation
import Testing
@testable import FerryRPC
import RPCTestServers

/// go-bitfield's JSON form (rpc-schemas.md §1: runs alternate unset/set, the first unset).
@Suite(.tags(.fast)) struct DeadlineBitfieldTests {
    func decode(_ json: String) throws -> RLEBitfield {
        try JSONDecoder().decode(RLEBitfield.self, from: Data(json.utf8))
    }

    func numbers(_ bitfield: RLEBitfield) -> [UInt64] {
        bitfield.ranges.flatMap { Array($0) }
    }

    @Test func documentedShapes() throws {
        #expect(numbers(try decode("[5,1]")) == [5])
        #expect(numbers(try decode("[0,3,5,2]")) == [0, 1, 2, 8, 9])
        #expect(numbers(try decode("[0,1]")) == [0])
        #expect(try decode("[0]").isEmpty)
        #expect(try decode("[]").isEmpty)
        #expect(try decode("null").isEmpty)
        // A lone unset run, or one after the last set run, sets nothing (Go accepts both).
        #expect(try decode("[5]").isEmpty)
        #expect(numbers(try decode("[2,1,4]")) == [2])
    }

    @Test func zeroRunOnlyFirst() {
        #expect(throws: BitfieldRunsError.zeroRun(index: 1)) { try RLEBitfield(runs: [0, 0, 1]) }
        #expect(throws: BitfieldRunsError.zeroRun(index: 2)) { try RLEBitfield(runs: [5, 1, 0, 1]) }
        #expect(throws: (any Error).self) { try decode("[5,0,1]") }
    }

    @Test func overflowIsRefusedNotTrapped() throws {
        #expect(throws: BitfieldRunsError.overflow(index: 1)) { try RLEBitfield(runs: [UInt64.max, 1]) }
        #expect(throws: BitfieldRunsError.overflow(index: 3)) { try RLEBitfield(runs: [1, UInt64.max - 2, 1, 1]) }
        // Exactly 2^64-1 bits is the largest bitfield there is.
        let all = try RLEBitfield(runs: [0, UInt64.max])
        #expect(all.count == UInt64.max && all.contains(UInt64.max - 1) && !all.contains(UInt64.max))
        #expect(all.description == "0-\(UInt64.max - 1)")
        let top = try RLEBitfield(runs: [UInt64.max - 1, 1])
        #expect(top.ranges == [(UInt64.max - 1)..<UInt64.max] && top.runs == [UInt64.max - 1, 1])
        #expect(throws: (any Error).self) { try decode("[18446744073709551615,1]") }
        #expect(throws: (any Error).self) { try decode("[-1,1]") }
        #expect(throws: (any Error).self) { try decode("[1.5]") }
        #expect(throws: (any Error).self) { try decode("{}") }
    }

    @Test func containsAndMembers() throws {
        let bf = try RLEBitfield(runs: [3, 2, 10, 1, 1, 4])  // {3,4} {15} {17..20}
        #expect(bf.description == "3-4, 15, 17-20" && bf.count == 7)
        let probe: [UInt64] = Array(0...25)
        #expect(probe.filter(bf.contains) == [3, 4, 15, 17, 18, 19, 20])
        #expect(bf.members(of: probe) == [3, 4, 15, 17, 18, 19, 20])
        #expect(bf.members(of: [0, 16, 21, UInt64.max]).isEmpty)
        #expect(RLEBitfield().runs == [0])
        #expect(try RLEBitfield(runs: [0, 3, 5, 2]).runs == [0, 3, 5, 2])
    }

    /// The fake node's encoder and the client's decoder are written independently; they must agree.
    @Test func fakeEncoderRoundTrips() throws {
        var generator = DeadlineTestRandom(seed: 16)
        for _ in 0..<200 {
            let set = Set((0..<Int(generator.next() % 40)).map { _ in generator.next() % 300 })
            let decoded = try decode(FakeFullNode.runs(Array(set)))
            #expect(numbers(decoded) == set.sorted())
            #expect(decoded.runs.map(String.init).joined(separator: ",") == FakeFullNode.runs(Array(set)).dropFirst().dropLast())
        }
    }
}

/// A fixed-seed generator, so a failing case can be replayed.
struct DeadlineTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
