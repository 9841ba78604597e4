import ArgumentParser
import SectorStore
import TransferCore

/// The parts of `export files` that check its input before a byte moves, and the per-sector
/// notices it prints (kept out of SectorExporter's main path).
extension SectorExporter {
    /// `--manifest` is written after the last sector: refuse a place it cannot be written
    /// before the first one moves (exit 2, as `copy` and `move` do).
    func checkManifest(_ writer: EventWriter, destination: String) throws {
        guard let manifest = command.flags.manifest else { return }
        do { try Manifest.preflight(manifest, destinations: [destination]) } catch {
            writer.error("ferry: \(error)")
            throw ExitCode(2)
        }
    }

    /// `sector 4: already exported to /dest` for a sector an earlier run finished, else for a
    /// snapped sector `sector 4: sector key (sealed/ + cache/, 32.01 GiB) left in /store;
    /// --with-sector-key exports it`. On stdout (a `notice` event with --json): it is a result.
    func sectorNotice(_ writer: EventWriter, _ number: UInt64, destination: String,
                      finished: Set<UInt64>, keysLeft: [UInt64: SectorKeyLeft]) {
        let text: String
        if finished.contains(number) {
            text = "sector \(number): already exported to \(destination)"
        } else if let key = keysLeft[number] {
            text = "sector \(number): sector key (sealed/ + cache/, \(ByteCount.format(key.bytes))) left in \(key.store); --with-sector-key exports it"
        } else {
            return
        }
        if writer.json { writer.emit(["event": "notice", "message": text]) } else { writer.line(text) }
    }
}
