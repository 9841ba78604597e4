import Foundation
import Testing
@testable import TransferIO

/// Device groups against the real /sys with real loop devices (root), plus a fake sysfs tree
/// for the stacks a test machine cannot build (md, dm, dm partitions).
@Suite(.serialized) struct DeviceGroupTests {
    static let isRoot = getuid() == 0

    @Test(.enabled(if: isRoot, "needs root for loop devices"))
    func bothPartitionsOfOneLoopDiskAreOneGroupNamedAfterTheDisk() throws {
        let scratch = try LoopScratch()
        defer { scratch.cleanUp() }
        let disk = try scratch.partitionedLoop(partitions: 2)
        let first = try scratch.mount(disk + "p1", type: "ext4")
        let second = try scratch.mount(disk + "p2", type: "ext4")
        try Data("x".utf8).write(to: URL(fileURLWithPath: first + "/a"))
        let grouping = DeviceGrouping.resolve([first + "/a", second, second + "/not/yet/there"])
        let name = String(disk.dropFirst("/dev/".count))
        #expect(grouping.groups.count == 1, "\(grouping.groups)")
        let group = try #require(grouping.group(of: first + "/a"))
        #expect(group.name == name && group.devices == [name] && group.mountPoint == nil)
        #expect(group.rotational != nil, "a loop device has queue/rotational")
        #expect(grouping.group(of: second) == group && grouping.group(of: second + "/not/yet/there") == group)
    }

    @Test(.enabled(if: isRoot, "needs root for loop devices"))
    func twoLoopDevicesAreTwoGroups() throws {
        let scratch = try LoopScratch()
        defer { scratch.cleanUp() }
        let a = try scratch.mount(try scratch.loop(), type: "ext4")
        let b = try scratch.mount(try scratch.loop(), type: "ext4")
        let grouping = DeviceGrouping.resolve([a, b + "/dest/to/create"])
        #expect(grouping.groups.count == 2)
        let (ga, gb) = (try #require(grouping.group(of: a)), try #require(grouping.group(of: b + "/dest/to/create")))
        #expect(ga.id != gb.id && ga.name.hasPrefix("loop") && gb.name.hasPrefix("loop") && ga.name != gb.name)
        #expect(ga.devices == [ga.name] && gb.devices == [gb.name])
    }

    @Test(.enabled(if: isRoot, "needs root to mount tmpfs"))
    func aTmpfsMountIsOnePerMountGroup() throws {
        let scratch = try LoopScratch()
        defer { scratch.cleanUp() }
        let mount = try scratch.mount("tmpfs", type: "tmpfs")
        try FileManager.default.createDirectory(atPath: mount + "/d", withIntermediateDirectories: true)
        let grouping = DeviceGrouping.resolve([mount + "/d", mount + "/f-to-come", "/"])
        #expect(grouping.groups.count == 2, "tmpfs and the root file system: \(grouping.groups)")
        let group = try #require(grouping.group(of: mount + "/d"))
        #expect(group.mountPoint == mount && group.name == "tmpfs " + mount)
        #expect(group.devices.isEmpty && group.rotational == nil)
        #expect(grouping.group(of: mount + "/f-to-come") == group)
        #expect(grouping.group(of: "/")?.mountPoint == nil, "the root is on a block device here")
    }

    @Test func twoPathsOnOneFileSystemAndAPathToComeAreOneGroup() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("devgroup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/a", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/a/f", contents: Data([1]))
        let paths = [dir + "/a/f", dir + "/a", dir + "/b/c/d/not-yet", dir + "/b/c/other"]
        let grouping = DeviceGrouping.resolve(paths)
        #expect(grouping.groups.count == 1)
        let groups = paths.map { grouping.group(of: $0) }
        #expect(groups.allSatisfy { $0 != nil && $0 == groups[0] }, "\(groups)")
        #expect(grouping.group(of: dir + "/never/passed") == nil)
    }

    @Test func devShmIsAPerMountGroupWithItsOwnMountPoint() throws {
        guard let shm = MountInfo.of("/dev/shm"), shm.fileSystem == "tmpfs" else { return }
        let grouping = DeviceGrouping.resolve(["/dev/shm/not-there-\(UUID().uuidString)"])
        #expect(grouping.groups.first?.mountPoint == "/dev/shm" && grouping.groups.first?.rotational == nil)
    }

    @Test func majorAndMinorFollowGlibc() {
        for (major, minor) in [(UInt64(0), UInt64(27)), (8, 1), (254, 0), (259, 65536), (4095, 1_048_575), (4096, 256)] {
            let number = DeviceNumber(MountInfo.makeDevice(major: major, minor: minor))
            #expect(UInt64(number.major) == major && UInt64(number.minor) == minor)
        }
        #expect(DeviceNumber(0x1B).isAnonymous && !DeviceNumber(0xFE00).isAnonymous)
    }

    // MARK: fake sysfs

    @Test func anMdArrayIsOneGroupOfItsSlaves() throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.remove() }
        try sysfs.disk("sda", rotational: true, partitions: 1)
        try sysfs.disk("sdb", rotational: false)
        try sysfs.stacked("md0", number: "9:0", slaves: ["sda1", "sdb"])
        let grouping = DeviceGrouping.resolve(devices: [("/data/x", sysfs.device("9:0"))], sysfs: sysfs.root, mounts: [])
        let group = try #require(grouping.group(of: "/data/x"))
        #expect(group.name == "md0[sda,sdb]" && group.devices == ["sda", "sdb"])
        #expect(group.rotational == true, "one spinning member paces the array")
    }

    @Test func twoArraysSharingALeafAreOneGroup() throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.remove() }
        for name in ["sda", "sdb", "sdc", "sdd"] { try sysfs.disk(name, rotational: false, partitions: 2) }
        try sysfs.stacked("md0", number: "9:0", slaves: ["sda1", "sdb1"])
        try sysfs.stacked("md1", number: "9:1", slaves: ["sdb2", "sdc1"])
        try sysfs.stacked("md2", number: "9:2", slaves: ["sdd1"])
        let grouping = DeviceGrouping.resolve(devices: [("/a", sysfs.device("9:0")), ("/b", sysfs.device("9:1")), ("/c", sysfs.device("9:2")),
                                                        ("/d", sysfs.device("8:2"))], sysfs: sysfs.root, mounts: [])
        #expect(grouping.groups.count == 2, "\(grouping.groups)")
        let shared = try #require(grouping.group(of: "/a"))
        #expect(grouping.group(of: "/b") == shared && shared.devices == ["sda", "sdb", "sdc"])
        #expect(shared.name == "md0+md1+sda[sda,sdb,sdc]" && shared.rotational == false, "named after every whole device in it")
        #expect(grouping.group(of: "/d") == shared, "8:2 is sda2, a partition of a disk md0 stands on")
        #expect(grouping.group(of: "/c")?.name == "md2[sdd]")
    }

    @Test func aDeviceMapperPartitionStandsOnItsSlave() throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.remove() }
        try sysfs.disk("sdx", rotational: true)
        try sysfs.stacked("dm-0", number: "253:0", slaves: ["sdx"], uuid: "mpath-3600a0b80")
        try sysfs.stacked("dm-1", number: "253:1", slaves: ["dm-0"], uuid: "part1-mpath-3600a0b80")
        let grouping = DeviceGrouping.resolve(devices: [("/p", sysfs.device("253:1")), ("/w", sysfs.device("253:0"))], sysfs: sysfs.root, mounts: [])
        #expect(grouping.groups.count == 1)
        let group = try #require(grouping.group(of: "/p"))
        #expect(group.name == "dm-0[sdx]" && group.devices == ["sdx"] && group.rotational == true)
    }

    @Test func aNumberMissingFromSysfsIsGroupedByItsMount() throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.remove() }
        let number = sysfs.device("8:17")
        let mounts = [MountInfo(mountPoint: "/", fileSystem: "ext4", source: "/dev/vda", device: 1, mountID: 1),
                      MountInfo(mountPoint: "/mnt/nfs", fileSystem: "nfs4", source: "srv:/x", device: number, mountID: 7)]
        let grouping = DeviceGrouping.resolve(devices: [("/mnt/nfs/a", number), ("/mnt/nfs/b", number)], sysfs: sysfs.root, mounts: mounts)
        #expect(grouping.groups.count == 1)
        let group = try #require(grouping.groups.first)
        #expect(group.name == "nfs4 /mnt/nfs" && group.mountPoint == "/mnt/nfs" && group.devices.isEmpty && group.rotational == nil)
    }
}
