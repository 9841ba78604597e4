import Foundation
import Synchronization

/// A lotus full node's JSON-RPC endpoint for the WindowPoSt deadline methods, on mainnet policy
/// (48 deadlines × 60 epochs, challenge 20 epochs before open). The head's epoch and each sector's
/// deadline are set by the test, never by a clock, so every schedule decision is reproducible.
///
/// Wire shapes follow lotus: `dline.Info` keys in Go field order, `api.Partition` bitfields as RLE
/// run lengths starting with an unset run, `null` for a deadline with no partition, "sector N not
/// due at any deadline" (code 1) from StateSectorPartition, envelopes with alphabetical keys.
public final class FakeFullNode: Sendable {
    public static let deadlines: Int64 = 48
    public static let window: Int64 = 60
    public static let lookback: Int64 = 20
    public static let period: Int64 = 2880

    /// The miner's proving period offset: its periods start at epochs ≡ offset (mod 2880).
    public let periodOffset: Int64
    public let minerID: UInt64
    public let partitionSize: Int
    public let faults: [Fault]
    private let state: Mutex<(epoch: Int64, deadlineOf: [UInt64: UInt64])>
    private let server: HTTPTestServer
    private let log = CallLog()

    public var url: String { "http://127.0.0.1:\(server.port)/rpc/v1" }
    public var multiaddr: String { "/ip4/127.0.0.1/tcp/\(server.port)/http" }
    public var calls: [ReceivedCall] { log.all }

    public init(minerID: UInt64 = 1000, epoch: Int64, periodOffset: Int64 = 0, deadlineOf: [UInt64: UInt64] = [:],
                partitionSize: Int = 2349, faults: [Fault] = []) throws {
        self.minerID = minerID
        self.periodOffset = periodOffset
        self.partitionSize = max(1, partitionSize)
        self.faults = faults
        state = Mutex((epoch, deadlineOf))
        let box = HandlerBox()
        server = try HTTPTestServer { box.handle($0) }
        box.target.withLock { $0 = self }
    }

    public func stop() { server.stop() }

    public var epoch: Int64 { state.withLock { $0.epoch } }
    public func setEpoch(_ epoch: Int64) { state.withLock { $0.epoch = epoch } }
    public func assign(sector: UInt64, deadline: UInt64) { state.withLock { $0.deadlineOf[sector] = deadline } }

    /// The period start at or before `epoch`, as the miner actor's cron keeps it.
    public func periodStart(at epoch: Int64) -> Int64 {
        epoch - Self.floorMod(epoch - periodOffset, Self.period)
    }

    func handle(_ request: HTTPRequest) -> HTTPReply {
        let path = request.path.split(separator: "?").first
        guard path == "/rpc/v0" || path == "/rpc/v1" else { return HTTPReply(status: 404) }
        guard let call = ParsedRequest.parse(request.body) else { return error("null", -32700, "Parse error") }
        log.append(ReceivedCall(method: call.method, params: call.params, authorization: request.headers["authorization"]))
        let id = call.idRaw ?? "null"
        // A Fault's `sector` matches the second parameter: the sector number, or for
        // StateMinerPartitions the deadline index.
        let sector = call.params.count > 1 ? RawJSON.uint(call.params[1]) : nil
        if let fault = faults.first(where: { $0.method == call.method && ($0.sector == nil || $0.sector == sector) }) {
            return RPCReplies.apply(fault.action, to: { dispatch(call, id: id) }) { error(id, $0, $1) }
        }
        return dispatch(call, id: id)
    }

    private func dispatch(_ call: ParsedRequest, id: String) -> HTTPReply {
        let (epoch, deadlineOf) = state.withLock { ($0.epoch, $0.deadlineOf) }
        let expected = ["Filecoin.StateMinerProvingDeadline": 2, "Filecoin.StateMinerPartitions": 3,
                        "Filecoin.StateSectorPartition": 3, "Filecoin.ChainHead": 0]
        guard let arity = expected[call.method] else { return error(id, -32601, "method '\(call.method)' not found") }
        guard call.params.count == arity else {
            return error(id, -32602, "wrong param count (method '\(call.method)'): \(call.params.count) != \(arity)")
        }
        if arity > 0, !isMiner(call.params[0]) {
            return error(id, 1, "failed to load miner actor: actor not found")
        }
        switch call.method {
        case "Filecoin.StateMinerProvingDeadline": return result(id, deadlineInfo(at: epoch))
        case "Filecoin.ChainHead": return result(id, #"{"Cids":[],"Blocks":[],"Height":\#(epoch)}"#)
        case "Filecoin.StateMinerPartitions":
            guard let index = RawJSON.uint(call.params[1]), index < UInt64(Self.deadlines) else {
                return error(id, 1, "failed to load the deadline: invalid deadline \(String(decoding: call.params[1], as: UTF8.self))")
            }
            return result(id, partitionsJSON(partitions(of: index, deadlineOf)))
        default:
            guard let number = RawJSON.uint(call.params[1]) else { return error(id, -32700, "unmarshaling params: json: cannot unmarshal") }
            guard let deadline = deadlineOf[number] else { return error(id, 1, "sector \(number) not due at any deadline") }
            let partition = partitions(of: deadline, deadlineOf).firstIndex { $0.contains(number) } ?? 0
            return result(id, #"{"Deadline":\#(deadline),"Partition":\#(partition)}"#)
        }
    }

    /// go-state-types `dline.NewInfo` for the deadline holding `epoch`, keys in Go field order.
    func deadlineInfo(at epoch: Int64) -> String {
        let start = periodStart(at: epoch)
        let index = (epoch - start) / Self.window
        let open = start + index * Self.window
        return #"{"CurrentEpoch":\#(epoch),"PeriodStart":\#(start),"Index":\#(index),"Open":\#(open),"Close":\#(open + Self.window),"#
            + #""Challenge":\#(open - Self.lookback),"FaultCutoff":\#(open - 70),"WPoStPeriodDeadlines":48,"WPoStProvingPeriod":2880,"#
            + #""WPoStChallengeWindow":60,"WPoStChallengeLookback":20,"FaultDeclarationCutoff":70}"#
    }

    /// The deadline's sectors in ascending order, cut into partitions of `partitionSize`.
    private func partitions(of deadline: UInt64, _ deadlineOf: [UInt64: UInt64]) -> [[UInt64]] {
        let sorted = deadlineOf.filter { $0.value == deadline }.keys.sorted()
        return stride(from: 0, to: sorted.count, by: partitionSize).map { Array(sorted[$0..<min($0 + partitionSize, sorted.count)]) }
    }

    private func partitionsJSON(_ partitions: [[UInt64]]) -> String {
        guard !partitions.isEmpty else { return "null" }
        return "[" + partitions.map { sectors in
            let all = Self.runs(sectors)
            return #"{"AllSectors":\#(all),"FaultySectors":[0],"RecoveringSectors":[0],"LiveSectors":\#(all),"ActiveSectors":\#(all)}"#
        }.joined(separator: ",") + "]"
    }

    /// go-bitfield's JSON: run lengths, the first one unset (0 when bit 0 is set); `[0]` when empty.
    public static func runs(_ numbers: [UInt64]) -> String {
        var runs: [UInt64] = []
        var cursor: UInt64 = 0
        for n in Set(numbers).sorted() {
            if !runs.isEmpty, n == cursor {
                runs[runs.count - 1] += 1
            } else {
                runs += [n - cursor, 1]
            }
            cursor = n + 1
        }
        return "[" + (runs.isEmpty ? "0" : runs.map(String.init).joined(separator: ",")) + "]"
    }

    /// go-address accepts `f` and `t` prefixes on any network.
    private func isMiner(_ raw: Data) -> Bool {
        guard let text = RawJSON.string(raw), text.count > 2, text.hasPrefix("f0") || text.hasPrefix("t0") else { return false }
        return UInt64(text.dropFirst(2)) == minerID
    }

    private func result(_ id: String, _ raw: String) -> HTTPReply {
        reply(#"{"id":\#(id),"jsonrpc":"2.0","result":\#(raw)}"#, status: 200)
    }

    private func error(_ id: String, _ code: Int, _ message: String) -> HTTPReply {
        reply(#"{"error":{"code":\#(code),"message":\#(RawJSON.quote(message))},"id":\#(id),"jsonrpc":"2.0"}"#, status: code == 1 ? 200 : 500)
    }

    private func reply(_ body: String, status: Int) -> HTTPReply {
        HTTPReply(status: status, headers: [("Content-Type", "application/json")], body: Data((body + "\n").utf8))
    }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { ((a % b) + b) % b }
}

extension FakeFullNode: RPCHandling {}
