import Foundation
import Testing

/// Issue 17 item 9: a `--manifest` that cannot be written is refused before the first byte
/// moves (it used to be found after all the copying, and the data counted as failed), and a
/// manifest's paths resolve as README says: relative to the manifest's directory, which is
/// where `xxh128sum -c` must run.
@Suite(.tags(.binary)) struct ManifestPlacementTests {
    @Test func exportRefusesAManifestOutsideTheDestinationBeforeMovingAnything() throws {
        let dir = TempDir()
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try StoreInputTests.generate(store, count: 2)
        let before = dir.files("store")
        for extra in [[], ["--dry-run"]] {
            let run = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus,
                                   "--manifest", lotus + "/sealed/export.xxh128"] + extra)
            #expect(run.status == 2, "\(extra)")
            #expect(run.stderr == "ferry: --manifest \(lotus)/sealed/export.xxh128 must be in a directory that holds every destination (\(lotus) is outside it), so its paths stay relative\n", "\(run.stderr)")
            #expect(run.stdout.isEmpty && dir.files("store") == before && !StoreInputTests.exists(lotus))
        }
    }

    /// The manifest's directory is not writable but the destination is: refused up front, with
    /// nothing copied (as root the run is made as `nobody`, since root may write anywhere).
    @Test(.enabled(if: !Host.isRoot || Host.hasSetpriv, "as root the run is made as nobody with setpriv (util-linux), not installed"))
    func anUnwritableManifestDirectoryIsRefusedBeforeTheFirstByte() throws {
        let dir = TempDir()
        let store = dir.path + "/store", parent = dir.path + "/ro", lotus = parent + "/lotus"
        try StoreInputTests.generate(store, count: 1)
        _ = dir.write("src/a", size: 5000, seed: 1)
        try FileManager.default.createDirectory(atPath: lotus, withIntermediateDirectories: true)
        let root = getuid() == 0
        if root {
            _ = try CLI.sh("chown -R 65534:65534 '\(dir.path)'")
        }
        chmod(parent, 0o555)
        defer { chmod(parent, 0o755) }
        func ferry(_ arguments: [String]) throws -> CLI.Result {
            guard root else { return try CLI.run(arguments) }
            let quoted = ([CLI.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let out = try CLI.sh("cd / && setpriv --reuid=65534 --regid=65534 --clear-groups \(quoted) > '\(dir.path)/out' 2> '\(dir.path)/err'; echo $?")
            let read = { (name: String) in (try? String(contentsOfFile: dir.path + "/" + name, encoding: .utf8)) ?? "" }
            return CLI.Result(status: Int32(out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, killed: false, stdout: read("out"), stderr: read("err"))
        }
        let copy = try ferry(["copy", dir.path + "/src", lotus + "/", "--manifest", parent + "/m.xxh128"])
        #expect(copy.status == 2, "\(copy.stdout)\(copy.stderr)")
        #expect(copy.stderr == "ferry: --manifest \(parent)/m.xxh128: cannot write in \(parent): Permission denied\n", "\(copy.stderr)")
        #expect(!StoreInputTests.exists(lotus + "/src"), "nothing copied")
        let export = try ferry(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--manifest", parent + "/m.xxh128"])
        #expect(export.status == 2, "\(export.stdout)\(export.stderr)")
        #expect(export.stderr.hasSuffix("cannot write in \(parent): Permission denied\n"), "\(export.stderr)")
        #expect(!StoreInputTests.exists(lotus + "/sealed") && StoreInputTests.exists(store + "/sealed/s-t01000-1"), "nothing moved")
    }

    /// Exports two sectors (one snapped) with a manifest in the destination's parent.
    static func exportWithManifest(_ dir: TempDir) throws -> (store: String, lotus: String) {
        let store = dir.path + "/store", lotus = dir.path + "/lotus"
        try StoreInputTests.generate(store, count: 1)
        try StoreInputTests.generate(store, first: 2, count: 1, snap: true)
        let run = try CLI.run(["export", "files", "--miner", "t01000", "--src", store, "--dest-path", lotus, "--reserve",
                               "--manifest", dir.path + "/export.xxh128"])
        #expect(run.status == 0, "\(run.stderr)")
        return (store, lotus)
    }

    /// Written by `export files`, in the destination and above it: `ferry verify --manifest`
    /// resolves its lines against the manifest's directory from wherever it runs.
    @Test func anExportManifestVerifiesFromAnyDirectory() throws {
        let dir = TempDir()
        _ = try Self.exportWithManifest(dir)
        let text = try String(contentsOfFile: dir.path + "/export.xxh128", encoding: .utf8)
        #expect(text.contains("  lotus/sealed/s-t01000-1\n") && text.contains("  lotus/update-cache/s-t01000-2/p_aux\n"), "\(text)")
        #expect(text.split(separator: "\n").count == 8)
        let verify = try CLI.run(["verify", "--manifest", dir.path + "/export.xxh128"], cwd: "/")
        #expect(verify.status == 0 && verify.stdout.contains("ok 8, mismatch 0, missing 0"), "\(verify.stdout)\(verify.stderr)")
    }

    /// The same manifest checks with `xxh128sum -c` run from its directory, and a manifest
    /// xxh128sum wrote (run in lotus/) reads the same way in ferry.
    @Test(.enabled(if: Host.hasXXH128Sum, "xxh128sum not installed (apt-get install xxhash)"))
    func anExportManifestChecksWithXxh128sumFromItsDirectory() throws {
        let dir = TempDir()
        let (store, lotus) = try Self.exportWithManifest(dir)
        let check = try CLI.sh("cd '\(dir.path)' && xxh128sum -c export.xxh128")
        #expect(check.split(separator: "\n").allSatisfy { $0.hasSuffix(": OK") } && check.contains("lotus/update/s-t01000-2: OK"), "\(check)")
        _ = try CLI.sh("cd '\(lotus)' && xxh128sum sealed/* cache/*/* > theirs.xxh128")
        let theirs = try CLI.run(["verify", "--manifest", lotus + "/theirs.xxh128"], cwd: store)
        #expect(theirs.status == 0 && theirs.stdout.contains("ok 4, mismatch 0"), "\(theirs.stdout)\(theirs.stderr)")
    }
}
