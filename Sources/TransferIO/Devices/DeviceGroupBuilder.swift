/// Union-find over device keys: every path unites its keys, so two paths sharing any leaf disk
/// (or mount, or anonymous st_dev) end in one group. Group ids follow first appearance.
struct DeviceGroupBuilder {
    let resolver: DeviceResolver
    private var index: [DeviceResolver.Key: Int] = [:]
    private var parent: [Int] = []

    init(resolver: DeviceResolver) {
        self.resolver = resolver
    }

    mutating func build(_ paths: [(path: String, keys: [DeviceResolver.Key])]) -> DeviceGrouping {
        for (_, keys) in paths {
            let first = id(of: keys[0])
            for key in keys.dropFirst() { union(first, id(of: key)) }
        }
        var groupOfRoot: [Int: Int] = [:]
        var groupOfPath: [String: Int] = [:]
        for (path, keys) in paths {
            let root = find(id(of: keys[0]))
            if groupOfRoot[root] == nil { groupOfRoot[root] = groupOfRoot.count }
            groupOfPath[path] = groupOfRoot[root]
        }
        var members = [[DeviceResolver.Resolution]](repeating: [], count: groupOfRoot.count)
        for resolution in resolver.byDevice.values.sorted(by: { $0.number.description < $1.number.description }) {
            guard let key = resolution.keys.first, let known = index[key], let group = groupOfRoot[find(known)] else { continue }
            members[group].append(resolution)
        }
        let groups = members.enumerated().map { Self.group(id: $0.offset, of: $0.element) }
        return DeviceGrouping(groups: groups, groupOfPath: groupOfPath)
    }

    /// One group from the st_devs in it: named after its whole devices (and their leaves when
    /// those differ: "md0[sda,sdb]"), or after its mount.
    private static func group(id: Int, of members: [DeviceResolver.Resolution]) -> DeviceGroup {
        var leaves: [String: Bool?] = [:]
        for member in members { leaves.merge(member.leaves) { first, _ in first } }
        let devices = leaves.keys.sorted()
        guard devices.isEmpty else {
            let wholes = Array(Set(members.compactMap(\.whole))).sorted()
            let name = wholes.joined(separator: "+") + (wholes == devices ? "" : "[" + devices.joined(separator: ",") + "]")
            return DeviceGroup(id: id, name: name, devices: devices, mountPoint: nil, rotational: DeviceGroup.rotational(of: Array(leaves.values)))
        }
        guard let mount = members.compactMap(\.mount).min(by: { $0.mountPoint.count < $1.mountPoint.count }) else {
            return DeviceGroup(id: id, name: "device " + (members.first?.number.description ?? "?"), devices: [], mountPoint: nil, rotational: nil)
        }
        return DeviceGroup(id: id, name: "\(mount.fileSystem) \(mount.mountPoint)", devices: [], mountPoint: mount.mountPoint, rotational: nil)
    }

    private mutating func id(of key: DeviceResolver.Key) -> Int {
        if let known = index[key] { return known }
        index[key] = parent.count
        parent.append(parent.count)
        return parent.count - 1
    }

    private mutating func find(_ node: Int) -> Int {
        var root = node
        while parent[root] != root { root = parent[root] }
        var walk = node
        while parent[walk] != root { (walk, parent[walk]) = (parent[walk], root) }
        return root
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let (rootA, rootB) = (find(a), find(b))
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }
}
