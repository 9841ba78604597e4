import Foundation
import Testing
import TransferHash

@Suite(.tags(.fast)) struct XXH128Tests {
    @Test func emptyInputMatchesXxh128sum() {
        #expect(XXH128Hasher.hash([]).hex == "99aa06d3014798d86001c324468d497f")
    }

    @Test func streamingEqualsOneShotForAnySplit() {
        var bytes = [UInt8](repeating: 0, count: 1_000_003)
        var seed: UInt64 = 42
        for i in bytes.indices {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            bytes[i] = UInt8(truncatingIfNeeded: seed >> 33)
        }
        let expected = XXH128Hasher.hash(bytes)
        for split in [1, 63, 64, 4096, 65_537, 999_999] {
            var hasher = XXH128Hasher()
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let end = min(offset + split, raw.count)
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                    offset = end
                }
            }
            #expect(hasher.digest() == expected, "split \(split)")
        }
    }

    @Test(.enabled(if: Host.hasXXH128Sum, "xxh128sum not installed (apt-get install xxhash)"))
    func matchesTheXxh128sumCommand() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let dir = TempDir()
        _ = FileManager.default.createFile(atPath: dir.sub("xxh"), contents: Data(bytes))
        let output = try CLI.run([dir.sub("xxh")], executable: "/usr/bin/xxh128sum").stdout
        #expect(output.split(separator: " ").first.map(String.init) == XXH128Hasher.hash(bytes).hex)
    }

    @Test func hexRoundTrip() {
        let digest = Digest128(high: 0x0102, low: 0xffff_0000_0000_0001)
        #expect(digest.hex == "0000000000000102ffff000000000001")
        #expect(Digest128(hex: digest.hex) == digest)
        #expect(Digest128(hex: "xyz") == nil)
    }
}
