import Foundation
import Testing

/// Issue 17 item 14: a snapped sector's key left in its store is named at export time, and a
/// run after a finished export says "already exported" instead of planning it again.
@Suite(.tags(.binary)) struct SectorKeyExportTests {
    /// The bytes of the sector key (sealed file and cache files) as `ferry` formats them.
    static func keySize(_ store: String, _ name: String) throws -> String {
        var bytes = try FileManager.default.attributesOfItem(atPath: store + "/sealed/" + name)[.size] as! Int
        for file in try FileManager.default.contentsOfDirectory(atPath: store + "/cache/" + name) {
            bytes += try FileManager.default.attributesOfItem(atPath: store + "/cache/" + name + "/" + file)[.size] as! Int
        }
        return String(format: "%.2f KiB", Double(bytes) / 1024)
    }

    @Test func theKeyLeftBehindIsNamedAndADryRunAfterwardsSaysAlreadyExported() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try StoreInputTests.generate(store, count: 1)
        try StoreInputTests.generate(store, first: 4, count: 1, snap: true)
        let size = try Self.keySize(store, "s-t01000-4")
        let notice = "sector 4: sector key (sealed/ + cache/, \(size)) left in \(store); --with-sector-key exports it\n"
        let export = ["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus]

        let plan = try CLI.run(export + ["--dry-run"])
        #expect(plan.status == 0 && plan.stdout.contains(notice), "\(plan.stdout)")
        #expect(!plan.stdout.contains("sector 1: sector key"), "only snapped sectors have a key to leave")
        let run = try CLI.run(export)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(notice), "\(run.stdout)")
        #expect(StoreInputTests.exists(store + "/sealed/s-t01000-4") && StoreInputTests.exists(lotus + "/update/s-t01000-4"))

        // Afterwards the key scans as a plain sealed sector; the journal knows better.
        for extra in [["--dry-run"], []] {
            let again = try CLI.run(export + extra)
            #expect(again.status == 0, "\(extra): \(again.stderr)")
            #expect(again.stdout.contains("sector 1: already exported to \(lotus)\n") && again.stdout.contains("sector 4: already exported to \(lotus)\n"), "\(again.stdout)")
            #expect(!again.stdout.contains("sector 4 (s-t01000-4") && !again.stdout.contains("rename") && !again.stdout.contains("move file"), "\(again.stdout)")
            #expect(!again.stdout.contains("sector key"), "said once, when it was left")
        }
        let dry = try CLI.run(export + ["--dry-run"])
        #expect(dry.stdout.contains("dry run: 0 sector(s), 0 file(s)"), "\(dry.stdout)")
        let json = try CLI.run(export + ["--dry-run", "--json"])
        #expect(json.stdout.contains(#"{"event":"notice","message":"sector 4: already exported to \#(lotus)"}"#), "\(json.stdout)")

        // The advice works: the key goes to lotus' sealed/ and cache/, next to update/.
        let key = try CLI.run(export + ["--with-sector-key"])
        #expect(key.status == 0, "\(key.stderr)")
        #expect(StoreInputTests.exists(lotus + "/sealed/s-t01000-4") && StoreInputTests.exists(lotus + "/cache/s-t01000-4/p_aux"))
        #expect(!StoreInputTests.exists(store + "/sealed/s-t01000-4") && !StoreInputTests.exists(store + "/cache/s-t01000-4"))
        #expect(StoreInputTests.exists(lotus + "/update/s-t01000-4") && StoreInputTests.exists(lotus + "/update-cache/s-t01000-4/p_aux"))
    }

    @Test func withSectorKeyThereIsNothingToNameAndAFinishedCopyIsAlreadyExported() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try StoreInputTests.generate(store, first: 4, count: 1, snap: true)
        let export = ["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--reserve"]
        let withKey = try CLI.run(export + ["--with-sector-key"])
        #expect(withKey.status == 0 && !withKey.stdout.contains("sector key"), "\(withKey.stdout)\(withKey.stderr)")
        #expect(StoreInputTests.exists(lotus + "/sealed/s-t01000-4") && StoreInputTests.exists(lotus + "/cache/s-t01000-4/t_aux"))
        for extra in [["--dry-run"], []] {
            let again = try CLI.run(export + ["--with-sector-key"] + extra)
            #expect(again.status == 0 && again.stdout.contains("sector 4: already exported to \(lotus)\n"), "\(extra): \(again.stdout)")
            #expect(!again.stdout.contains("  copy "), "\(again.stdout)")
        }
        // A destination file changed since is not "already exported": it is planned again.
        try Data(count: 3).write(to: URL(fileURLWithPath: lotus + "/cache/s-t01000-4/t_aux"))
        let changed = try CLI.run(export + ["--with-sector-key", "--dry-run"])
        #expect(!changed.stdout.contains("already exported") && changed.stdout.contains("sector 4 (s-t01000-4, snap-upgraded)"), "\(changed.stdout)")
    }
}
