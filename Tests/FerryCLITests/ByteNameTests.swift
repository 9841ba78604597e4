import Foundation
import Testing

/// Issue 11, item 11: names that are not valid UTF-8 move, copy and verify under their own bytes.
@Suite(.tags(.binary)) struct ByteNameTests {
    @Test func nonUTF8NamesMoveAcrossFileSystemsAndVerify() throws {
        let temp = TempDir()
        let other = "/dev/shm/ferry-bytes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: other) }
        let ferry = CLI.binary
        // A latin-1 directory and file name, and a name with a 0xFF byte, made by the shell.
        _ = try CLI.sh("""
            cd '\(temp.path)' && mkdir -p "src/$(printf 'd\\351j\\340')" \
            && head -c 300001 /dev/urandom > "src/$(printf 'd\\351j\\340')/$(printf 'caf\\351')" \
            && head -c 5000 /dev/urandom > "src/$(printf 'x\\377y')" \
            && (cd src && find . -type f -print0 | sort -z | xargs -0 xxh128sum) > ../expected-\(getpid())
            """)
        let listing = try CLI.sh("cd '\(temp.path)' && '\(ferry)' move --manifest '\(other)/m.xxh' src '\(other)/dst' > out.txt 2> err.txt; echo $?; cat err.txt")
        #expect(listing.hasPrefix("0"), "move failed: \(listing)")
        // The same bytes at the destination, checked by xxh128sum itself, and nothing left behind.
        let check = try CLI.sh("cd '\(other)/dst' && sed 's|  ./|  |' '\(temp.path)/../expected-\(getpid())' | xxh128sum -c - && rm -f '\(temp.path)/../expected-\(getpid())'")
        #expect(check.contains("OK"), "\(check)")
        #expect(try CLI.sh("cd '\(temp.path)' && find src -type f 2>/dev/null | wc -l").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        // ferry's own manifest names the files by their bytes, so xxh128sum -c finds them.
        #expect(try CLI.sh("cd '\(other)' && xxh128sum -c m.xxh | grep -c ': OK'").trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        let verify = try CLI.sh("cd '\(other)' && '\(ferry)' verify --manifest m.xxh dst; echo status $?")
        #expect(verify.contains("ok 2") && verify.contains("status 0"), "\(verify)")
    }

    @Test func aNonUTF8ArgumentReachesTheFileSystemUnchanged() throws {
        let temp = TempDir()
        _ = try CLI.sh("cd '\(temp.path)' && head -c 1000 /dev/urandom > \"$(printf 'a\\377')\"")
        let out = try CLI.sh("cd '\(temp.path)' && '\(CLI.binary)' copy \"$(printf 'a\\377')\" \"$(printf 'b\\376')\"; echo status $?; cmp \"$(printf 'a\\377')\" \"$(printf 'b\\376')\" && echo same")
        #expect(out.contains("status 0") && out.contains("same"), "\(out)")
    }
}
