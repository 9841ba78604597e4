import Glibc
import Testing
import TransferIO

/// Issue 17 item 12: `~` in every path flag, as the shell would have expanded it.
@Suite(.tags(.fast)) struct HomePathTests {
    @Test func expandsTildeAndTildeSlash() {
        #expect(HomePath.expand("~", environment: "/home/sp") == "/home/sp")
        #expect(HomePath.expand("~/", environment: "/home/sp") == "/home/sp/")
        #expect(HomePath.expand("~/lotus/sealed", environment: "/home/sp") == "/home/sp/lotus/sealed")
        #expect(HomePath.expand("~/x", environment: "/") == "/x")
    }

    @Test func leavesOtherPathsAlone() {
        for path in ["lotus", "/mnt/~/x", "a/~", "./~", "", "-", "x~"] {
            #expect(HomePath.expand(path, environment: "/home/sp") == path)
        }
    }

    @Test func unsetOrEmptyHomeFallsBackToThePasswordEntry() throws {
        let entry = try #require(getpwuid(getuid()))
        let home = String(cString: entry.pointee.pw_dir)
        #expect(HomePath.expand("~/x", environment: nil) == home + "/x")
        #expect(HomePath.expand("~/x", environment: "") == home + "/x")
    }

    @Test func namedUsersHome() throws {
        let entry = try #require(getpwuid(0))
        let root = String(cString: entry.pointee.pw_name)
        let home = String(cString: entry.pointee.pw_dir)
        #expect(HomePath.expand("~\(root)/store", environment: "/home/sp") == (home == "/" ? "/store" : home + "/store"))
        #expect(HomePath.expand("~no-such-user-ferry/x", environment: "/home/sp") == "~no-such-user-ferry/x")
    }
}
