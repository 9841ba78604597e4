import Foundation

extension Array where Element == UInt8 {
    init(hex: String) {
        let chars = Array(hex.utf8)
        self = stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
