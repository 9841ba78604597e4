import Foundation
import Synchronization
import Testing
import TransferCore
import TransferHash
import TransferIO

/// Issue 11, items 1 and 2: a source replaced, or a directory on its way swapped for a symbolic
/// link, at any moment of a copy is never deleted and never read through the link. The changes
/// happen inside `momentHook`, on the worker thread, exactly at each moment: no timing involved.
@Suite(.tags(.fast)) struct SourcePinningTests {
    /// A scratch tree on disk and a destination on /dev/shm (another file system), so a move is
    /// a verified copy followed by an unlink, the path where a replaced source could be lost.
    final class CrossFS {
        let scratch = Scratch()
        let other = "/dev/shm/ferry-pin-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var usable: Bool {
            (try? FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)) != nil
                && (try? FileSystem.status(other).device) != (try? FileSystem.status(scratch.path).device)
        }
        deinit { try? FileManager.default.removeItem(atPath: other) }
    }

    static let moments = FileMoment.allCases

    /// `mv new src` at each moment: the new file (never copied) must survive, the run must fail.
    @Test(arguments: moments, [IOBackendKind.uring, .posix])
    func sourceRenamedOverIsKept(at moment: FileMoment, io: IOBackendKind) throws {
        let bed = CrossFS()
        try #require(bed.usable, "needs /dev/shm on another file system than the scratch")
        let scratch = bed.scratch
        scratch.file("src/sector", size: (3 << 20) + 7, seed: 1)
        let planned = try FileSystem.status(scratch.sub("src/sector"))
        let newer = scratch.file("incoming", size: (3 << 20) + 7, seed: 2)
        // Same size and mtime as the planned file: what rsync -a or `cp -p tmp && mv` produce.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(planned.modificationTime.seconds) + Double(planned.modificationTime.nanoseconds) / 1e9)],
                                              ofItemAtPath: scratch.sub("incoming"))
        let incoming = scratch.sub("incoming"), source = scratch.sub("src/sector")
        let outcome = try Run.transfer([scratch.sub("src")], to: bed.other + "/dst", mode: .move, io: io) {
            $0.chunkSize = 64 << 10
            $0.momentHook = { at, _ in if at == moment { rename(incoming, source) } }
        }
        #expect(outcome.failed == 1, "the file fails")
        let failure = try #require(outcome.results.first?.failure)
        let why = moment == .committed ? "the source changed after it was copied" : "the source was replaced during the copy"
        #expect(failure.contains(why), "says why: \(failure)")
        #expect(scratch.read("src/sector").map(XXH128Hasher.hash) == XXH128Hasher.hash(newer), "the file renamed over the source survives")
    }

    /// The file is written in place and `touch`ed back to its size and mtime: ctime tells.
    @Test func sourceRewrittenInPlaceIsKept() throws {
        let bed = CrossFS()
        try #require(bed.usable, "needs /dev/shm on another file system than the scratch")
        let scratch = bed.scratch
        scratch.file("src/f", size: 1 << 20, seed: 3)
        let source = scratch.sub("src/f")
        let outcome = try Run.transfer([scratch.sub("src")], to: bed.other + "/dst", mode: .move, io: .posix) {
            $0.momentHook = { at, item in
                guard at == .verified else { return }
                let fd = open(source, O_WRONLY)
                var byte: UInt8 = 0xAA
                _ = pwrite(fd, &byte, 1, 100)
                var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2),
                             timespec(tv_sec: Int(item.modificationTime.seconds), tv_nsec: Int(item.modificationTime.nanoseconds))]
                _ = futimens(fd, &times)
                close(fd)
            }
        }
        #expect(outcome.failed == 1)
        #expect(scratch.exists("src/f"), "the rewritten source is kept")
        #expect(!FileManager.default.fileExists(atPath: bed.other + "/dst/f"), "nothing committed")
    }

    /// `src/sub` becomes a link to a directory outside the tree at each moment: nothing outside
    /// is read or deleted, and the files of `sub` fail with a message.
    @Test(arguments: moments)
    func directorySwappedForALinkLeadsNowhere(at moment: FileMoment) throws {
        let bed = CrossFS()
        try #require(bed.usable, "needs /dev/shm on another file system than the scratch")
        let scratch = bed.scratch
        for i in 0..<4 { scratch.file("src/sub/f\(i)", size: 70_000 + i, seed: UInt64(i)) }
        scratch.file("src/a-first", size: 1000, seed: 9)
        // Outside the tree: same names, so a followed link would find "sources" there.
        var outside: [String: Digest128] = [:]
        for i in 0..<4 {
            outside["f\(i)"] = XXH128Hasher.hash(scratch.file("elsewhere/f\(i)", size: 70_000 + i, seed: 50 + UInt64(i)))
            // Same size and mtime as the file of the tree: only the path tells them apart.
            let mtime = try FileManager.default.attributesOfItem(atPath: scratch.sub("src/sub/f\(i)"))[.modificationDate]!
            try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: scratch.sub("elsewhere/f\(i)"))
        }
        let sub = scratch.sub("src/sub"), moved = scratch.sub("sub-moved"), elsewhere = scratch.sub("elsewhere")
        let swapped = Mutex(false)
        let outcome = try Run.transfer([scratch.sub("src")], to: bed.other + "/dst", mode: .move, io: .uring) {
            // One file at a time: the files after the swap resolve their way afresh and meet the
            // link; the one in flight holds its directory open and goes on with the real file.
            $0.jobs = 1
            $0.filesPerWorker = 1
            $0.momentHook = { at, item in
                guard at == moment, item.source.hasPrefix(sub + "/"), swapped.withLock({ let was = $0; $0 = true; return !was }) else { return }
                rename(sub, moved)
                symlink(elsewhere, sub)
            }
        }
        #expect(swapped.withLock { $0 }, "the swap happened")
        for (name, digest) in outside {
            #expect(scratch.read("elsewhere/" + name).map(XXH128Hasher.hash) == digest, "\(name) outside the tree is untouched")
        }
        let failures = outcome.results.compactMap(\.failure)
        #expect(!failures.isEmpty, "the files below the swapped directory fail")
        #expect(failures.allSatisfy { $0.contains("symbolic link") || $0.contains("replaced") || $0.contains("gone") }, "\(failures)")
        // Every file of the original sub is either still there (moved aside) or verified at the destination.
        for i in 0..<4 {
            let kept = scratch.exists("sub-moved/f\(i)")
            let arrived = FileManager.default.fileExists(atPath: bed.other + "/dst/sub/f\(i)")
            #expect(kept || arrived, "f\(i) is somewhere")
        }
    }

    /// The same swap before a run that renames (one file system): the rename goes through the
    /// pinned parent, so a file outside the tree is not taken.
    @Test func renameDoesNotFollowASwappedDirectory() throws {
        let scratch = Scratch()
        scratch.file("src/sub/f", size: 10, seed: 1)
        scratch.file("elsewhere/f", size: 20, seed: 2)
        let plan = TransferPlanner.plan(sources: [scratch.sub("src")], destination: scratch.sub("dst"))
        try FileManager.default.moveItem(atPath: scratch.sub("src/sub"), toPath: scratch.sub("sub-moved"))
        try FileManager.default.createSymbolicLink(atPath: scratch.sub("src/sub"), withDestinationPath: scratch.sub("elsewhere"))
        let session = try TransferSession(plan: plan, options: TransferOptions(mode: .move), journalPath: nil, reset: false) { _ in }
        defer { session.journal.close() }
        let outcome = try session.run(recheck: false) { _ in }
        #expect(outcome.failed == 1)
        #expect(outcome.results.first?.failure?.contains("symbolic link") == true)
        #expect(scratch.read("elsewhere/f")?.count == 20, "the file outside the tree stayed")
        #expect(!scratch.exists("dst/sub/f"))
    }
}
