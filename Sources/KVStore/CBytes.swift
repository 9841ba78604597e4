import CLevelDB

/// Calls `body` with a `const char*` view of `bytes`. An empty array may have no storage, and
/// LevelDB wants a valid pointer even for length 0, so a static byte stands in.
func withCBytes<R, E: Error>(
    _ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int) throws(E) -> R
) throws(E) -> R {
    let result: Result<R, E> = bytes.withUnsafeBytes { raw in
        let base = raw.baseAddress ?? UnsafeRawPointer(emptyByte)
        do throws(E) {
            return .success(try body(base.assumingMemoryBound(to: CChar.self), raw.count))
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}

private nonisolated(unsafe) let emptyByte: UnsafeMutablePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()

/// Copies LevelDB-owned memory into a Swift array.
func bytes(_ pointer: UnsafePointer<CChar>, count: Int) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: pointer, count: count))
}

/// Runs a LevelDB call that reports failure through `errptr`; frees the message and throws.
func checked<R>(_ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R) throws(KVError) -> R {
    var err: UnsafeMutablePointer<CChar>? = nil
    let result = call(&err)
    if let err {
        let message = String(cString: err)
        leveldb_free(err)
        throw KVError(leveldbMessage: message)
    }
    return result
}
