// TEMPORARY (lead): replaced by the h13-devices branch's DeviceGrouping at merge.
public struct DeviceGroup: Hashable, Sendable, CustomStringConvertible {
    public let id: Int
    public let name: String
    public let devices: [String]
    public let mountPoint: String?
    public let rotational: Bool?
    public var description: String { name }
}

public struct DeviceGrouping: Sendable {
    public let groups: [DeviceGroup]
    private let byDevice: [UInt64: Int]

    public func group(of path: String) -> DeviceGroup? {
        guard let device = try? FileSystem.status(FileSystem.nearestExisting(path)).device, let id = byDevice[device] else { return nil }
        return groups[id]
    }

    public static func resolve(_ paths: [String], sysfs: String = "/sys", mounts: [MountInfo]? = nil) -> DeviceGrouping {
        var groups: [DeviceGroup] = []
        var byDevice: [UInt64: Int] = [:]
        for path in paths {
            guard let device = try? FileSystem.status(FileSystem.nearestExisting(path)).device, byDevice[device] == nil else { continue }
            byDevice[device] = groups.count
            groups.append(DeviceGroup(id: groups.count, name: "dev\(device)", devices: [], mountPoint: nil, rotational: nil))
        }
        return DeviceGrouping(groups: groups, byDevice: byDevice)
    }
}
