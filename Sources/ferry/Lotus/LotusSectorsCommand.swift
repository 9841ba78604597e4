import ArgumentParser
import LotusMetadata

struct LotusSectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sectors",
        abstract: "Decode every /sectors/* record; report any lotus could not decode or that sits under a wrong key.",
        discussion: """
            A single undecodable record makes lotus' SectorsList fail and stops every sector's restart. \
            A key that is not the record's decimal sector number (/sectors/abc, /sectors/007) is a stray record.
            """
    )

    @Option(help: "The lotus-miner repo (\(LotusMinerRepoPath.help)).", transform: PathArgument.expand) var repo: String?
    @Flag(help: "Print JSON.") var json = false

    private struct Entry: Encodable {
        var key: String
        var sector: SectorInfo?
        var error: String?
        var keyProblem: String?

        enum CodingKeys: String, CodingKey { case key, sector, error, keyProblem = "key_problem" }
    }

    func run() throws {
        let records: [ReadBack.SectorRecord]
        do {
            records = try ReadBack.sectors(repo: LotusRepo(path: LotusMinerRepoPath.resolve(repo)))
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let undecodable = records.filter { $0.error != nil }
        let badKeys = records.filter { $0.keyProblem != nil }
        if json {
            try printJSON(records.map { Entry(key: $0.key, sector: $0.info, error: $0.error, keyProblem: $0.keyProblem) })
        } else {
            // A record under a wrong key is not listed as a sector: its line would show a number
            // (0 for /sectors/abc) that is not where it is stored.
            for r in records where r.keyProblem == nil {
                if let info = r.info { print(info.summaryLine) }
            }
            print("sectors: \(records.count), undecodable: \(undecodable.count), bad keys: \(badKeys.count)")
        }
        for r in undecodable { printError("error: \(r.key): lotus cannot decode this record: \(r.error ?? "")") }
        for r in badKeys { printError("error: \(r.key): \(r.keyProblem ?? "")") }
        if !undecodable.isEmpty {
            printError("lotus-miner's SectorsList fails while any record is undecodable; no sector would be restarted")
        }
        if !undecodable.isEmpty || !badKeys.isEmpty { throw ExitCode(1) }
    }
}
