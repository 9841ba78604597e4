import Foundation
import Testing
@testable import TransferIO

@Suite(.tags(.fast)) struct MountInfoTests {
    @Test func parsesAMountinfoLineWithEscapes() throws {
        let line = #"36 35 98:0 /mnt1 /mnt/with\040space rw,noatime master:1 - ext3 /dev/root rw,errors=continue"#
        let info = try #require(MountInfo.parse(line))
        #expect(info.mountPoint == "/mnt/with space")
        #expect(info.fileSystem == "ext3" && info.source == "/dev/root")
        #expect(info.device == MountInfo.makeDevice(major: 98, minor: 0))
        #expect(MountInfo.parse("garbage") == nil)
    }

    @Test func findsTheMountOfAPathAndItsDevice() throws {
        let shm = try #require(MountInfo.of("/dev/shm/does/not/exist/yet"))
        #expect(shm.mountPoint == "/dev/shm" && shm.fileSystem == "tmpfs")
        let root = try #require(MountInfo.of("/"))
        #expect(root.mountPoint == "/")
        var st = stat()
        stat("/", &st)
        #expect(root.device == UInt64(st.st_dev), "st_dev and mountinfo's major:minor agree")
        #expect(MountInfo.isOnRootFileSystem("/") && !MountInfo.isOnRootFileSystem("/dev/shm"))
    }
}
