import Foundation
import Glibc
import Synchronization
import Testing
import TransferIO

/// Issue 11, item 11: file names are bytes. Every byte string survives decode → encode exactly.
@Suite(.tags(.fast)) struct PathBytesTests {
    static let names: [[UInt8]] = [
        Array("plain".utf8), Array("café ünïcode 🚀".utf8),
        [0x63, 0x61, 0x66, 0xE9],             // latin-1 "café"
        [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], // invalid, overlong, surrogate
        [0xF4, 0x8F, 0xBF, 0xBF],             // U+10FFFF: valid, but inside the escape block
        [0xF4, 0x8F, 0xBC, 0x80, 0x41],       // U+10FF00 then "A"
        [0xE2, 0x82], [0x41, 0xE2, 0x82, 0x41], // truncated sequences
    ]

    @Test(arguments: names)
    func roundTripsExactly(_ bytes: [UInt8]) {
        let text = PathBytes.decode(bytes)
        #expect(PathBytes.encode(text) == bytes)
        PathBytes.withCString(text) { pointer in
            #expect(Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))) == bytes)
        }
    }

    @Test func everyByteAloneAndInPairsRoundTrips() {
        for a in 0...255 {
            for b in [0x41, 0x80, 0xBF, 0xC3, 0xFF] {
                let bytes = [UInt8(a), UInt8(b)].filter { $0 != 0 }
                #expect(PathBytes.encode(PathBytes.decode(bytes)) == bytes)
            }
        }
    }

    @Test func validNamesStayAsTheyAre() {
        #expect(PathBytes.decode(Array("s-t01000-1".utf8)) == "s-t01000-1")
        #expect(PathBytes.display(PathBytes.decode([0x61, 0xFF])) == "a\\xFF")
    }

    @Test func aNonUTF8NameIsListedOpenedAndRemovedByItsBytes() throws {
        let directory = "/var/tmp/ferry-pathbytes-\(getpid())"
        mkdir(directory, 0o755)
        defer { rmdir(directory) }
        let raw: [UInt8] = Array("f-".utf8) + [0xE9, 0xFF]
        var path = Array(directory.utf8) + [0x2F] + raw + [0]
        let fd = path.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(fd >= 0)
        close(fd)
        let names = try FileSystem.listDirectory(directory)
        #expect(names.count == 1)
        let name = try #require(names.first)
        #expect(PathBytes.encode(name) == raw)
        #expect(try FileSystem.status(directory + "/" + name).kind == .regular)
        let handle = try DirectoryHandle.open(directory)
        #expect(try handle.status(name).kind == .regular)
        try handle.unlink(name)
        #expect(try FileSystem.listDirectory(directory).isEmpty)
    }
}

/// Issue 16 item 3: `--io-priority` values and where they land.
@Suite(.tags(.fast)) struct IOPriorityTests {
    @Test func parsesTheClassesTheFlagTakes() {
        #expect(IOPriority(parsing: "idle") == .idle)
        #expect(IOPriority(parsing: "best-effort") == .bestEffort(level: 4))
        #expect(IOPriority(parsing: "best-effort:0") == .bestEffort(level: 0))
        #expect(IOPriority(parsing: "best-effort:7") == .bestEffort(level: 7))
        #expect(IOPriority.bestEffort(level: 7).rawValue == UInt16(2 << 13 | 7))
        #expect(IOPriority.idle.rawValue == 3 << 13)
        for bad in ["", "idle:1", "best-effort:8", "best-effort:-1", "best-effort:07", "realtime"] {
            #expect(IOPriority(parsing: bad) == nil, "\(bad)")
        }
    }

    /// The posix backend runs I/O on the worker thread, so the thread carries the class.
    @Test func thePosixQueueSetsItsThreadsClass() throws {
        let seen = Mutex(-1)
        let thread = Thread {
            _ = try? IOQueueFactory.make(.posix, depth: 1, priority: .idle)
            seen.withLock { $0 = IOPriority.currentThreadValue() }
        }
        thread.start()
        while seen.withLock({ $0 }) == -1 { usleep(1000) }
        #expect(seen.withLock { $0 } == Int(IOPriority.idle.rawValue))
    }
}
