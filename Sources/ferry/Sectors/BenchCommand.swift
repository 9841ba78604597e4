import ArgumentParser
import Foundation
import SectorExport
import SectorStore
import TransferCore
import TransferIO

/// A benchmark on real storage: generate a damocles store of a chosen shape, export it, and
/// report copy and verify speed, a same-file-system move, and (with fio) the device's limit.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Generate a synthetic damocles store, export it, and report GiB/s for copy and verify, a same-file-system move, and the fio limit.",
        discussion: "Writes under <src>/ferry-bench and <dest>/ferry-bench and removes both at the end (unless --keep). Caches are dropped between phases when running as root."
    )

    @Option(help: "Where to generate the damocles store (its file system is the source).", transform: PathArgument.expand)
    var src: String

    @Option(help: "Where to export to (its file system is the destination).", transform: PathArgument.expand)
    var dest: String

    @Option(name: .customLong("sector-size"), help: "2KiB, 8MiB, 512MiB, 32GiB or 64GiB.")
    var sectorSize: String = "32GiB"

    @Option(help: "Number of sectors.")
    var sectors: Int = 1

    @Flag(help: "Keep the generated store and the export.")
    var keep = false

    /// --json prints one JSON object instead of the table.
    @OptionGroup var flags: TransferFlags

    private var json: Bool { flags.json }

    func validate() throws {
        guard SectorSize(parsing: sectorSize) != nil else { throw ValidationError("--sector-size must be one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB") }
        guard sectors >= 1 else { throw ValidationError("--sectors must be at least 1") }
    }

    func run() async throws {
        let size = SectorSize(parsing: sectorSize)!
        let store = FileSystem.absolute(src) + "/ferry-bench/store"
        let lotus = FileSystem.absolute(dest) + "/ferry-bench/lotus"
        let unverified = FileSystem.absolute(dest) + "/ferry-bench/unverified"
        defer {
            if !keep {
                try? FileManager.default.removeItem(atPath: FileSystem.absolute(src) + "/ferry-bench")
                try? FileManager.default.removeItem(atPath: FileSystem.absolute(dest) + "/ferry-bench")
            }
        }
        try? FileManager.default.removeItem(atPath: store)
        try? FileManager.default.removeItem(atPath: FileSystem.absolute(dest) + "/ferry-bench")
        let miner = MinerID(1000)
        status("generating \(sectors) \(size) sector(s) in \(store)")
        let generator = StoreGenerator(store: store, content: .random(seed: 42))
        for number in 1...UInt64(sectors) { try generator.sector(SectorID(miner: miner, number: number), size: size) }
        let scan = StoreScanner.scan(stores: [store], miner: miner)
        let plan = SectorExportPlan(scan: scan, destination: lotus, withSectorKey: false, allowIncomplete: false)
        let bytes = plan.items.reduce(Int64(0)) { $0 + $1.size }

        status("copy without verification")
        let copySeconds = try export(plan.items, to: unverified, lotus: lotus, verify: false)
        status("verified export (copy, fsync, re-read from the device, compare)")
        let exportSeconds = try export(plan.items, to: lotus, lotus: lotus, verify: true)
        status("verify only (re-hash the destination from the device)")
        Self.dropCaches()
        var hashOptions = flags.options(mode: .copy)
        hashOptions.memoryBudget = max(hashOptions.memoryBudget, hashOptions.jobs * 2 * hashOptions.chunkSize)
        let verifyStart = Date()
        let digests = try TransferEngine.hash(plan.items.map { lotus + $0.destination.dropFirst(lotus.count) }, options: hashOptions) { _ in }
        let verifySeconds = Date().timeIntervalSince(verifyStart)
        guard digests.values.allSatisfy({ (try? $0.get()) != nil }) else { throw fail("verify pass could not read every file") }

        // On one XFS/btrfs the reserve export of a two-phase migration is a clone: time it too.
        var reflinkSeconds: Double?
        if (try? FileSystem.status(store).device) == (try? FileSystem.status(FileSystem.absolute(dest) + "/ferry-bench").device),
           FileSystem.mayClone(store) {
            status("reflink export (clone, fsync, hash the clone from the device)")
            reflinkSeconds = try? export(plan.items, to: FileSystem.absolute(dest) + "/ferry-bench/reflinked", lotus: lotus, verify: true, reflink: .always)
        }
        status("same-file-system move of one sector (rename)")
        let renameSeconds = try sameFileSystemMove(store: store, miner: miner)
        let fio = Self.fioLimit(directory: FileSystem.absolute(dest) + "/ferry-bench", bytes: min(bytes, 4 << 30))

        let figures = Figures(size: size, bytes: bytes, copySeconds: copySeconds, exportSeconds: exportSeconds, verifySeconds: verifySeconds,
                              renameSeconds: renameSeconds, reflinkSeconds: reflinkSeconds, fio: fio)
        try json ? printJSON(figures) : printTable(figures)
    }

    /// What one bench run measured.
    private struct Figures {
        var size: SectorSize
        var bytes: Int64
        var copySeconds, exportSeconds, verifySeconds, renameSeconds: Double
        var reflinkSeconds: Double?
        var fio: Double?
        var gib: Double { Double(bytes) / Double(1 << 30) }
    }

    private func printJSON(_ f: Figures) throws {
        var result: [String: Any] = [
            "sector_size": f.size.description, "sectors": sectors, "bytes": f.bytes,
            "copy_gib_per_s": f.gib / f.copySeconds, "verified_export_gib_per_s": f.gib / f.exportSeconds,
            "verify_gib_per_s": f.gib / f.verifySeconds, "same_fs_move_ms": f.renameSeconds * 1000,
        ]
        if let reflinkSeconds = f.reflinkSeconds { result["reflink_export_gib_per_s"] = f.gib / reflinkSeconds }
        if let fio = f.fio { result["fio_copy_limit_gib_per_s"] = fio; result["copy_to_fio_ratio"] = (f.gib / f.copySeconds) / fio }
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    private func printTable(_ f: Figures) {
        let gib = f.gib
        row("sectors", "\(sectors) × \(f.size) (\(ByteCount.format(f.bytes)))")
        row("copy, no verification", String(format: "%.2f GiB/s  (%.2f s)", gib / f.copySeconds, f.copySeconds))
        row("verify (re-read from the device)", String(format: "%.2f GiB/s  (%.2f s)", gib / f.verifySeconds, f.verifySeconds))
        row("verified export (copy + verify)", String(format: "%.2f GiB/s  (%.2f s)", gib / f.exportSeconds, f.exportSeconds))
        row("same-file-system move of one sector", String(format: "%.2f ms", f.renameSeconds * 1000))
        if let reflinkSeconds = f.reflinkSeconds {
            row("reflink export (clone + verify read)", String(format: "%.2f GiB/s  (%.2f s)", gib / reflinkSeconds, reflinkSeconds))
        }
        if let fio = f.fio {
            row("fio limit (50/50 rw, 1 MiB, QD16, O_DIRECT)", String(format: "%.2f GiB/s  (copy is %.2f× of it)", fio, (gib / f.copySeconds) / fio))
        } else {
            print("fio not found: no device limit measured (apt-get install fio)")
        }
    }

    /// The copy phases measure data copies (`reflink` never); the reflink phase clones.
    private func export(_ items: [TransferItem], to root: String, lotus: String, verify: Bool, reflink: ReflinkMode = .never) throws -> Double {
        Self.dropCaches()
        var options = flags.options(mode: .copy)
        options.verify = verify
        options.reflink = reflink
        let moved = items.map { item -> TransferItem in
            var copy = item
            copy.destination = root + item.destination.dropFirst(lotus.count)
            return copy
        }
        let plan = TransferPlan(items: moved, directories: [], destinationRoot: root, sources: [], destination: root)
        try FileSystem.makeDirectories(root)
        let session = try TransferSession(plan: plan, options: options, journalPath: root + "/.ferry/journal", reset: true) { _ in }
        defer { session.journal.close() }
        let outcome = try session.run(recheck: false) { _ in }
        guard outcome.failed == 0 else { throw fail("the benchmark export failed: \(outcome.results.compactMap(\.failure).first ?? "")") }
        return outcome.seconds
    }

    private func sameFileSystemMove(store: String, miner: MinerID) throws -> Double {
        let scan = StoreScanner.scan(stores: [store], miner: miner, numbers: [1])
        let target = store + "-moved"
        let plan = SectorExportPlan(scan: scan, destination: target, withSectorKey: false, allowIncomplete: false)
        var options = flags.options(mode: .move)
        options.deferSourceRemoval = true
        for directory in plan.directories { try FileSystem.makeDirectories(directory) }
        let transfer = TransferPlan(items: plan.items, directories: plan.directories, destinationRoot: target, sources: [store], destination: target)
        let session = try TransferSession(plan: transfer, options: options, journalPath: target + "/.ferry/journal", reset: true) { _ in }
        defer { session.journal.close() }
        let outcome = try session.run(recheck: false) { _ in }
        guard outcome.failed == 0, outcome.results.allSatisfy({ $0.method == .rename }) else { throw fail("the same-file-system move was not a rename") }
        if !keep { try? FileManager.default.removeItem(atPath: target) }
        return outcome.seconds
    }

    /// fio moving `bytes` with half reads and half writes: the device's ceiling for a copy on it.
    static func fioLimit(directory: String, bytes: Int64) -> Double? {
        guard let fio = ["/usr/bin/fio", "/usr/local/bin/fio"].first(where: FileManager.default.isExecutableFile) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: fio)
        process.arguments = ["--name=ferry-limit", "--filename=\(directory)/fio.dat", "--size=\(max(bytes, 64 << 20))", "--rw=rw", "--rwmixread=50",
                             "--bs=1M", "--iodepth=16", "--direct=1", "--ioengine=io_uring", "--end_fsync=1", "--output-format=json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory + "/fio.dat")
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let job = (object["jobs"] as? [[String: Any]])?.first,
              let read = job["read"] as? [String: Any], let write = job["write"] as? [String: Any],
              let readBytes = read["io_bytes"] as? Double, let writeBytes = write["io_bytes"] as? Double,
              let runtime = job["job_runtime"] as? Double, runtime > 0 else { return nil }
        // A copy of N bytes reads N and writes N; fio moved readBytes + writeBytes in runtime ms.
        return (readBytes + writeBytes) / 2 / (runtime / 1000) / Double(1 << 30)
    }

    static func dropCaches() {
        guard geteuid() == 0 else { return }
        sync()
        try? "3".write(toFile: "/proc/sys/vm/drop_caches", atomically: false, encoding: .utf8)
    }

    private func row(_ label: String, _ value: String) {
        print(label.padding(toLength: 46, withPad: " ", startingAt: 0) + value)
    }

    private func status(_ message: String) {
        if !json { Stderr.write("ferry bench: \(message)\n") }
    }

    /// Says what failed and gives the error to throw: exit 1 through `Ferry.main`, after every
    /// `defer` of the run has cleaned up (an `exit` here would skip them).
    private func fail(_ message: String) -> ExitCode {
        Stderr.write("ferry bench: \(message)\n")
        return ExitCode(1)
    }
}
