import Foundation
import Testing

/// `ferry plan` shows the device groups a copy reads and writes, with bytes per side: here a
/// source and a destination on two loop devices, so two groups.
@Suite(.serialized) struct DeviceGroupCLITests {
    @Test(.enabled(if: getuid() == 0, "needs root for loop devices"))
    func planShowsOneSourceAndOneDestinationGroupWithTheirBytes() throws {
        let dir = "/tmp/devgroup-cli-\(UUID().uuidString)"
        var loops: [String] = [], mounts: [String] = []
        defer {
            for mount in mounts.reversed() { _ = try? CLI.sh("umount -l \(mount)") }
            for loop in loops.reversed() { _ = try? CLI.sh("losetup -d \(loop)") }
            try? FileManager.default.removeItem(atPath: dir)
        }
        for name in ["src", "dst"] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(name)", withIntermediateDirectories: true)
            _ = try CLI.sh("truncate -s 64M \(dir)/\(name).img")
            let loop = try CLI.sh("losetup -f --show \(dir)/\(name).img").trimmingCharacters(in: .whitespacesAndNewlines)
            loops.append(loop)
            _ = try CLI.sh("mkfs.ext4 -q -F \(loop) && mount \(loop) \(dir)/\(name)")
            mounts.append("\(dir)/\(name)")
        }
        let sizes = [4096, 70_000, 1_000_003]
        try FileManager.default.createDirectory(atPath: "\(dir)/src/data", withIntermediateDirectories: true)
        for (index, size) in sizes.enumerated() {
            _ = FileManager.default.createFile(atPath: "\(dir)/src/data/f\(index)", contents: Data(count: size))
        }
        let run = try CLI.run(["plan", "copy", "\(dir)/src/data", "\(dir)/dst/out/", "--shards", "1", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let groups = try #require(object?["device_groups"] as? [[String: Any]])
        let (source, destination) = (loops[0].replacingOccurrences(of: "/dev/", with: ""), loops[1].replacingOccurrences(of: "/dev/", with: ""))
        #expect(groups.count == 2, "\(groups)")
        #expect(groups.first { $0["side"] as? String == "source" }?["name"] as? String == source)
        #expect(groups.first { $0["side"] as? String == "destination" }?["name"] as? String == destination)
        #expect(groups.allSatisfy { $0["bytes"] as? Int == sizes.reduce(0, +) && $0["files"] as? Int == 3 }, "\(groups)")
        #expect(groups.allSatisfy { $0["rotational"] is Bool }, "a loop device has queue/rotational: \(groups)")

        let text = try CLI.run(["plan", "copy", "\(dir)/src/data", "\(dir)/dst/out/", "--shards", "1"])
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let section = try #require(lines.firstIndex(of: "device groups"), "\(text.stdout)")
        let rows = lines[(section + 2)...]
        #expect(rows.count == 2)
        #expect(rows.contains { $0.hasPrefix("source") && $0.contains(" \(source) ") && $0.hasSuffix("(\(sizes.reduce(0, +)))") })
        #expect(rows.contains { $0.hasPrefix("destination") && $0.contains(" \(destination) ") })
    }
}
