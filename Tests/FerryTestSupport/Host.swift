import Foundation

/// What this machine offers the tests: the conditions of `.enabled(if:)` traits, so a test that
/// cannot run here is reported as skipped with its reason instead of passing silently.
public enum Host {
    public static let isRoot = geteuid() == 0

    /// A program on $PATH, or nil.
    public static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func sbin(_ name: String) -> Bool {
        ["/sbin/", "/usr/sbin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + name) }
    }

    /// Root with mkfs.ext4 and mkfs.xfs: `LoopMount` works.
    public static let canLoopMount = isRoot && sbin("mkfs.xfs") && sbin("mkfs.ext4")
    public static let hasBtrfs = sbin("mkfs.btrfs")
    public static let hasXXH128Sum = FileManager.default.isExecutableFile(atPath: "/usr/bin/xxh128sum")
    public static let hasSetpriv = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
    public static let hasGo = which("go") != nil
    public static let hasPythonYAML = python(imports: "yaml")
    public static let hasPythonCBOR2 = python(imports: "cbor2")

    /// /dev/shm is another file system than the scratch directories, so a move from one to the
    /// other is a copy, not a rename.
    public static let shmIsAnotherFileSystem: Bool = {
        var shm = stat(), scratch = stat()
        guard stat("/dev/shm", &shm) == 0, stat(TempDir.base, &scratch) == 0 else { return false }
        return shm.st_dev != scratch.st_dev
    }()

    static func python(imports module: String) -> Bool {
        guard let python = which("python3") else { return false }
        return (try? CLI.run(["-c", "import \(module)"], executable: python).status) == 0
    }
}
