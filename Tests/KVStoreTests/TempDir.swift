import Foundation

/// A fresh directory under the system temp dir, removed when the test ends.
final class TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "kvstore-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func sub(_ name: String) -> String { path + "/" + name }
}

extension String {
    var b: [UInt8] { Array(utf8) }
}
