import Testing
import TransferCore
import TransferIO

@Suite struct DeviceLoadTests {
    static let disk = DeviceGroup(id: 0, name: "sda", devices: ["sda"], mountPoint: nil, rotational: true)
    static let array = DeviceGroup(id: 1, name: "md0[sdb,sdc]", devices: ["sdb", "sdc"], mountPoint: nil, rotational: false)
    static let tmpfs = DeviceGroup(id: 2, name: "tmpfs /scratch", devices: [], mountPoint: "/scratch", rotational: nil)

    /// Sources first, then destinations, in group order; a group on both sides appears on each;
    /// bytes and files add up per side; a path the grouping never saw counts nowhere.
    @Test func sumsBytesAndFilesPerGroupAndSide() {
        let grouping = DeviceGrouping(groups: [Self.disk, Self.array, Self.tmpfs],
                                      groupOfPath: ["/a/1": 1, "/a/2": 1, "/b/1": 0, "/x/1": 2, "/x/2": 2, "/x/3": 0])
        let items: [(source: String, destination: String, bytes: Int64)] = [
            ("/a/1", "/x/1", 100), ("/a/2", "/x/2", 20), ("/b/1", "/x/3", 7), ("/unknown", "/x/3", 1_000),
        ]
        let entries = DeviceLoad.of(items, grouping: grouping)
        let summary = entries.map { "\($0.side.rawValue) \($0.group.name) \($0.bytes) \($0.files)" }
        #expect(summary == [
            "source sda 7 1", "source md0[sdb,sdc] 120 2",
            "destination sda 1007 2", "destination tmpfs /scratch 120 2",
        ])
    }

    @Test func noItemsNoEntries() {
        #expect(DeviceLoad.of([], grouping: DeviceGrouping(groups: [], groupOfPath: [:])).isEmpty)
    }
}
