import ArgumentParser
import Foundation
import SectorStore

struct SectorsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the sectors in stores: complete or what is missing, snap-upgraded or not, foreign entries.",
        discussion: "Exit status 0 when every listed sector is complete and no foreign entry was found, 1 otherwise."
    )

    @Option(name: .customLong("store"), help: "A store to scan (repeatable).", transform: PathArgument.expand)
    var stores: [String] = []

    @Option(name: .customLong("miner"), help: "Only this miner's sectors (t01000, f01000 or 1000).", transform: MinerArgument.parse)
    var miner: MinerArgument?

    @OptionGroup var sectorNumbers: SectorNumberOptions

    @Flag(help: "One JSON object on stdout.")
    var json = false

    func validate() throws {
        guard !stores.isEmpty else { throw ValidationError("give at least one --store PATH") }
    }

    func run() async throws {
        try StoreArguments.require(stores)
        let started = Date()
        let scan = StoreScanner.scan(stores: stores, miner: miner?.id, numbers: sectorNumbers.selection)
        if scan.sectors.isEmpty, let miner { try StoreArguments.requireSectors(of: miner.id, in: stores) }
        let seconds = Date().timeIntervalSince(started)
        if json {
            let sectors: [[String: Any]] = scan.sectors.map { entry in
                var object: [String: Any] = ["sector": entry.id.fileName, "miner": entry.id.miner.description, "number": entry.id.number,
                                             "complete": entry.isComplete, "snap_upgraded": entry.isSnapUpgraded,
                                             "problems": entry.live?.problems ?? [], "bytes": entry.live?.bytes ?? 0]
                if let size = entry.size { object["size"] = size.description }
                if let key = entry.sealed, entry.isSnapUpgraded { object["sector_key_problems"] = key.problems }
                if !entry.unsealed.isEmpty { object["unsealed"] = entry.unsealed }
                return object
            }
            let foreign = scan.foreign.map { ["path": $0.path, "reason": $0.reason] }
            let object: [String: Any] = ["sectors": sectors, "foreign": foreign, "seconds": (seconds * 1000).rounded() / 1000]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for entry in scan.sectors {
                let size = entry.size?.description ?? "?"
                let snap = entry.isSnapUpgraded ? " snap-upgraded" : ""
                let unsealed = entry.unsealed.isEmpty ? "" : " (unsealed copy present)"
                if entry.isComplete {
                    print("\(entry.id.fileName)  \(size)\(snap)  complete\(unsealed)")
                } else {
                    print("\(entry.id.fileName)  \(size)\(snap)  INCOMPLETE: \((entry.live?.problems ?? ["no sealed or update file"]).joined(separator: "; "))\(unsealed)")
                }
            }
            for entry in scan.foreign { print("foreign: \(entry.path): \(entry.reason)") }
            let complete = scan.sectors.filter(\.isComplete).count
            print("\(scan.sectors.count) sector(s) of \(scan.miners.count) miner(s): \(complete) complete, \(scan.sectors.count - complete) incomplete, \(scan.foreign.count) foreign entr\(scan.foreign.count == 1 ? "y" : "ies") (scanned in \(String(format: "%.2f", seconds)) s)")
        }
        if scan.sectors.contains(where: { !$0.isComplete }) || !scan.foreign.isEmpty { throw ExitCode(1) }
    }
}
