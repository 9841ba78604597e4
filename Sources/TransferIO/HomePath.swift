import Glibc

/// `~` in a path the user typed, expanded the way the shell would have. Shells leave `~` alone
/// after `=` (`--dest-path=~/lotus`) and inside quotes, and a literal `~` directory is never
/// what was meant: every path flag and path argument of ferry goes through `expand`.
public enum HomePath {
    /// `~` and `~/…` → $HOME (the password entry's home when HOME is unset or empty);
    /// `~name` and `~name/…` → that user's home. Anything else, and `~name` of an unknown user
    /// (as bash leaves it), is returned unchanged.
    public static func expand(_ path: String, environment home: String? = Self.environmentHome()) -> String {
        guard path.hasPrefix("~") else { return path }
        let rest = path.dropFirst()
        let user = rest.prefix { $0 != "/" }
        let tail = rest.dropFirst(user.count)
        let directory = user.isEmpty ? ((home?.isEmpty == false ? home : nil) ?? passwordHome(uid: getuid())) : passwordHome(name: String(user))
        guard let directory else { return path }
        // "/" + "/x" must not become "//x".
        return directory == "/" && !tail.isEmpty ? String(tail) : directory + tail
    }

    public static func environmentHome() -> String? {
        getenv("HOME").map { String(cString: $0) }
    }

    private static func passwordHome(uid: uid_t) -> String? {
        withPasswordEntry { getpwuid_r(uid, &$0, $1, $2, &$3) }
    }

    private static func passwordHome(name: String) -> String? {
        withPasswordEntry { getpwnam_r(name, &$0, $1, $2, &$3) }
    }

    private static func withPasswordEntry(
        _ lookup: (inout passwd, UnsafeMutablePointer<CChar>, Int, inout UnsafeMutablePointer<passwd>?) -> Int32
    ) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = buffer.withUnsafeMutableBufferPointer { lookup(&entry, $0.baseAddress!, $0.count, &result) }
        guard status == 0, result != nil, let dir = entry.pw_dir else { return nil }
        return String(cString: dir)
    }
}
