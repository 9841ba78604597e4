import Foundation
import SectorCheck
import SectorProofs
import SectorStore

/// A scratch store of generated valid sectors, and ways to damage them.
final class CheckFixture {
    let root: String
    var store: String { root + "/store" }
    let miner = MinerID(1000)

    init() {
        root = "/var/tmp/ferry-check-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func id(_ number: UInt64) -> SectorID { SectorID(miner: miner, number: number) }

    @discardableResult
    func generate(_ size: SectorSize, _ numbers: Range<UInt64>, snap: Bool = false, sparse: Bool = false, states: String? = nil) throws
        -> [(id: SectorID, sealed: String, update: String?)] {
        var generation = ValidStoreGeneration(store: store, miner: miner, size: size, numbers: numbers)
        generation.snapUpgraded = snap
        generation.sparse = sparse
        generation.statesFile = states
        return try generation.run()
    }

    func check(_ options: CheckOptions = CheckOptions(), truth: CommRTruth? = nil, numbers: Set<UInt64>? = nil) -> [SectorReport] {
        let reports = Reports()
        _ = CheckRun.run(CheckRequest(stores: [store], miner: miner, numbers: numbers.map(SectorSelection.init), options: options, truth: truth)) { reports.append($0) }
        return reports.all
    }

    func path(_ relative: String) -> String { store + "/" + relative }

    func bytes(_ relative: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path(relative))!) }

    func write(_ relative: String, _ bytes: [UInt8]) {
        try? FileManager.default.removeItem(atPath: path(relative))
        _ = FileManager.default.createFile(atPath: path(relative), contents: Data(bytes))
    }

    /// Overwrites bytes in place at `offset` (the file keeps its size).
    func patch(_ relative: String, at offset: Int, _ bytes: [UInt8]) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(relative)))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(bytes))
    }

    func flipByte(_ relative: String, at offset: Int) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path(relative)))
        try handle.seek(toOffset: UInt64(offset))
        let byte = try handle.read(upToCount: 1)![0]
        try handle.close()
        try patch(relative, at: offset, [byte ^ 0x01])
    }

    func swap(_ a: String, _ b: String) throws {
        try FileManager.default.moveItem(atPath: path(a), toPath: path(a) + ".swap")
        try FileManager.default.moveItem(atPath: path(b), toPath: path(a))
        try FileManager.default.moveItem(atPath: path(a) + ".swap", toPath: path(b))
    }
}

/// Collects reports handed out from the checker's threads.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [SectorReport] = []

    func append(_ report: SectorReport) { lock.withLock { reports.append(report) } }
    var all: [SectorReport] { lock.withLock { reports } }
}
