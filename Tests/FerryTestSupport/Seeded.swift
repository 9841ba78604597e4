/// Deterministic pseudo-random bytes: the same (size, seed) gives the same bytes in every run,
/// so a failure replays. A 64-bit LCG written a word at a time, fast enough for 64 MiB files.
public enum Seeded {
    public static func bytes(size: Int, seed: UInt64) -> [UInt8] {
        var state = seed &+ UInt64(size)
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for i in words.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                words[i] = state ^ (state >> 29)
            }
            for i in (words.count * 8)..<size {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                raw[i] = UInt8(truncatingIfNeeded: state >> 40)
            }
        }
        return bytes
    }
}
