internal import CXXHash

/// Streaming XXH128 over the runtime-dispatched (AVX2 where present) entry points.
///
/// Non-copyable because it owns the C state: a copy would alias it and free it twice.
public struct XXH128Hasher: ~Copyable {
    private let state: OpaquePointer

    public init() {
        guard let state = XXH3_createState() else { fatalError("XXH3_createState: out of memory") }
        self.state = state
        XXH3_128bits_reset(state)
    }

    deinit { XXH3_freeState(state) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = XXH3_128bits_update_dispatch(state, base, bytes.count)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far; the stream may go on afterwards.
    public func digest() -> Digest128 {
        let value = XXH3_128bits_digest(state)
        return Digest128(high: value.high64, low: value.low64)
    }

    public mutating func reset() {
        XXH3_128bits_reset(state)
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest128 {
        let value = XXH3_128bits_dispatch(bytes.baseAddress, bytes.count)
        return Digest128(high: value.high64, low: value.low64)
    }

    public static func hash(_ bytes: [UInt8]) -> Digest128 {
        bytes.withUnsafeBytes { hash($0) }
    }
}
