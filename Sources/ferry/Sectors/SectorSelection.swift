import ArgumentParser
import SectorStore

/// `--numbers` / `--exclude` as damocles takes them (repeatable, comma-separated), plus ranges:
/// `--numbers 1000-1999,2500`. A bad number or range is a usage error (exit 2) that says why.
struct SectorNumberList: Sendable {
    let ranges: [ClosedRange<UInt64>]

    /// lotus' abi.MaxSectorNumber.
    static let largest = UInt64(Int64.max)

    @Sendable static func parse(_ argument: String) throws -> SectorNumberList {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
        guard !argument.isEmpty else { throw CommandLineProblem("give a sector number or a range such as 1000-1999") }
        return SectorNumberList(ranges: try parts.map(range))
    }

    private static func range(_ part: String) throws -> ClosedRange<UInt64> {
        let bounds = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let low = try number(bounds[0], in: part)
        guard bounds.count == 2 else { return low...low }
        let high = try number(bounds[1], in: part)
        guard low <= high else { throw CommandLineProblem("\(part): the range is reversed; write \(high)-\(low)") }
        return low...high
    }

    private static func number(_ text: String, in part: String) throws -> UInt64 {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit) else {
            throw CommandLineProblem("'\(part)' is not a sector number or a range such as 1000-1999")
        }
        guard let value = UInt64(text), value <= largest else {
            throw CommandLineProblem("\(text) is beyond lotus' largest sector number \(largest)")
        }
        return value
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// `--miner` as t01000, f01000 or 1000.
struct MinerArgument: Sendable {
    let id: MinerID

    @Sendable static func parse(_ argument: String) throws -> MinerArgument {
        guard let id = MinerID(parsing: argument) else { throw CommandLineProblem(problem(argument)) }
        return MinerArgument(id: id)
    }

    /// Why `argument` is not a miner. `t1000` is a common slip for the ID address `t01000` (the 0
    /// is the address protocol): say so instead of only "invalid".
    static func problem(_ argument: String) -> String {
        let why = "expected an ID address (t01000, f01000 or 1000)"
        let digits = argument.dropFirst()
        guard let network = argument.first, network == "t" || network == "f", let id = UInt64(digits),
              digits.allSatisfy(\.isASCIIDigit), !digits.hasPrefix("0") else { return why }
        return "\(why); ID addresses are \(network)0<number>: did you mean \(network)0\(id)?"
    }
}

extension Array where Element == SectorNumberList {
    /// `--numbers` less `--exclude`; nil = every sector.
    func selection(excluding: [SectorNumberList]) -> SectorSelection? {
        if isEmpty && excluding.isEmpty { return nil }
        return SectorSelection(including: isEmpty ? nil : flatMap(\.ranges), excluding: excluding.flatMap(\.ranges))
    }
}

/// `--numbers` and `--exclude` of the commands that select sectors (export files, sectors list, check).
struct SectorNumberOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only these sector numbers: repeatable, comma-separated, and ranges (1000-1999,2500).", valueName: "numbers"),
            transform: SectorNumberList.parse)
    var numbers: [SectorNumberList] = []

    @Option(help: ArgumentHelp("Leave out these sector numbers (same forms as --numbers).", valueName: "numbers"),
            transform: SectorNumberList.parse)
    var exclude: [SectorNumberList] = []

    /// nil = every sector.
    var selection: SectorSelection? { numbers.selection(excluding: exclude) }
}
