import Glibc

/// One anonymous mapping carved into equal, page-aligned slots. Page alignment satisfies every
/// O_DIRECT memory alignment a local file system asks for, and a single mapping can be
/// registered with io_uring once.
public final class BufferArena {
    public let slotSize: Int
    public let slotCount: Int
    private let base: UnsafeMutableRawPointer

    public init(slotSize: Int, slotCount: Int) throws(Errno) {
        precondition(slotSize > 0 && slotCount > 0 && slotSize % 4096 == 0)
        self.slotSize = slotSize
        self.slotCount = slotCount
        let mapped = mmap(nil, slotSize * slotCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { throw Errno.current }
        base = mapped
    }

    deinit { munmap(base, slotSize * slotCount) }

    public func slot(_ index: Int) -> UnsafeMutableRawPointer {
        precondition(index >= 0 && index < slotCount)
        return base + index * slotSize
    }
}
