import ArgumentParser
import LotusMetadata

struct LotusSectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sectors",
        abstract: "Decode every /sectors/* record; report any lotus could not decode.",
        discussion: "A single undecodable record makes lotus' SectorsList fail and stops every sector's restart."
    )

    @Option(help: "lotus-miner repo; ~ is expanded.") var repo: String
    @Flag(help: "Print JSON.") var json = false

    private struct Entry: Encodable {
        var key: String
        var sector: SectorInfo?
        var error: String?
    }

    func run() throws {
        let records: [ReadBack.SectorRecord]
        do {
            records = try ReadBack.sectors(repo: LotusRepo(path: repo))
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let bad = records.filter { $0.error != nil }
        if json {
            try printJSON(records.map { Entry(key: $0.key, sector: $0.info, error: $0.error) })
        } else {
            for r in records {
                if let info = r.info { print(info.summaryLine) }
            }
            print("sectors: \(records.count), undecodable: \(bad.count)")
        }
        for r in bad { printError("error: \(r.key): lotus cannot decode this record: \(r.error ?? "")") }
        if !bad.isEmpty {
            printError("lotus-miner's SectorsList fails while any record is undecodable; no sector would be restarted")
            throw ExitCode(1)
        }
    }
}
