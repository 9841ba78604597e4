import ArgumentParser
import LotusMetadata

struct LotusNumbersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numbers",
        abstract: "Show /storage/nextid, the allocated and reserved sector-number bitfields and named reservations."
    )

    @Option(help: "The lotus-miner repo (\(LotusMinerRepoPath.help)).", transform: PathArgument.expand) var repo: String?
    @Flag(help: "Print JSON (bitfields as run lengths, as the lotus API prints them).") var json = false

    private struct Output: Encodable {
        struct Reservation: Encodable { var name: String; var numbers: [UInt64] }
        var nextID: UInt64?
        var nextFree: UInt64
        var allocated: [UInt64]?
        var reserved: [UInt64]?
        var reservations: [Reservation]

        enum CodingKeys: String, CodingKey { case nextID = "next_id", nextFree = "next_free", allocated, reserved, reservations }
    }

    func run() throws {
        let numbers: SectorNumbers
        do {
            numbers = try ReadBack.numbers(repo: LotusRepo(path: LotusMinerRepoPath.resolve(repo)))
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if json {
            try printJSON(Output(
                nextID: numbers.nextID, nextFree: numbers.nextFree, allocated: numbers.allocated?.jsonRuns,
                reserved: numbers.reserved?.jsonRuns,
                reservations: numbers.reservations.map { .init(name: $0.name, numbers: $0.numbers.jsonRuns) }))
        } else {
            for line in numbers.lines { print(line) }
        }
    }
}
