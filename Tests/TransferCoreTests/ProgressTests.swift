import Foundation
import Testing
@testable import TransferCore
import TransferIO

/// The progress estimate and its text: in-process, no clocks (times are passed in).
@Suite(.tags(.fast)) struct ProgressTests {
    private func snapshot(copied: Int64 = 0, verified: Int64 = 0, compared: Int64 = 0, settled: Int64 = 0) -> TransferCounters.Snapshot {
        var snapshot = TransferCounters.Snapshot()
        snapshot.bytesCopied = copied
        snapshot.bytesVerified = verified
        snapshot.bytesCompared = compared
        snapshot.bytesSettled = settled
        return snapshot
    }

    @Test func etaIsHoursMinutesSecondsWithHoursUnbounded() {
        #expect(ProgressText.clock(28 * 3600 + 26 * 60 + 40) == "28:26:40")
        #expect(ProgressText.clock(83) == "0:01:23")
        #expect(ProgressText.brief(3 * 3600 + 2 * 60 + 11) == "3h02m")
        #expect(ProgressText.brief(725) == "12m05s")
        #expect(ProgressText.brief(45) == "45s")
    }

    @Test(arguments: [40, 60, 80, 100, 200])
    func theBarFitsTheTerminalDroppingFieldsFromTheRight(width: Int) {
        var estimate = ProgressEstimate(totalBytes: 300 << 30, work: .transfer(verifying: true))
        _ = estimate.update(snapshot(), at: 0)
        let reading = estimate.update(snapshot(copied: 120 << 30, verified: 72 << 30), at: 100)
        let units = ProgressText.Units(done: 3, failed: 1, total: 12, name: "sectors")
        let line = ProgressText.bar(reading, work: .transfer(verifying: true), units: units, extra: "PAUSED (ferry throttle resume)", width: width)
        #expect(line.count < width, "\(line.count) columns: \(line)")
        #expect(line.hasPrefix("[") && line.contains("%"), "the bar and percentage come first: \(line)")
        if width >= 200 { #expect(line.hasSuffix("sectors 3/12, 1 failed"), "\(line)") }
        if width <= 80 { #expect(!line.contains("sectors"), "the rightmost fields go first: \(line)") }
        if width >= 80 { #expect(line.contains("PAUSED") && line.contains("ETA "), "\(line)") }
    }

    @Test func everyWayOfFinishingCountsAsProgress() {
        let total: Int64 = 1000
        // Verified copy: half the work is the copy, half the re-read.
        #expect(ProgressEstimate.fraction(snapshot(copied: 1000), total: total, work: .transfer(verifying: true)) == 0.5)
        #expect(ProgressEstimate.fraction(snapshot(copied: 1000, verified: 1000), total: total, work: .transfer(verifying: true)) == 1)
        // Comparing an existing destination reads both sides: that is the whole work of the file.
        #expect(ProgressEstimate.fraction(snapshot(compared: 2000), total: total, work: .transfer(verifying: true)) == 1)
        #expect(ProgressEstimate.fraction(snapshot(compared: 2000), total: total, work: .transfer(verifying: false)) == 1)
        // Renamed, or finished by an earlier run.
        #expect(ProgressEstimate.fraction(snapshot(settled: 500), total: total, work: .transfer(verifying: true)) == 0.5)
        #expect(ProgressEstimate.fraction(snapshot(verified: 250), total: total, work: .hashOnly) == 0.25)
    }

    @Test func phaseAndRateFollowTheRecentWindow() {
        var estimate = ProgressEstimate(totalBytes: 1000, work: .transfer(verifying: false), window: 10)
        #expect(estimate.update(snapshot(), at: 0).phase == .starting)
        let copying = estimate.update(snapshot(copied: 100), at: 1)
        #expect(copying.phase == .copy)
        #expect(copying.rate == 100)
        #expect(copying.etaSeconds == 9)
        let comparing = estimate.update(snapshot(copied: 100, compared: 200), at: 2)
        #expect(comparing.phase == .compareExisting)
        // Stalled for longer than the window: the rate falls to what the window saw.
        let stalled = estimate.update(snapshot(copied: 100, compared: 200), at: 30)
        #expect(stalled.rate == 0, "\(stalled.rate)")
        #expect(stalled.phase == .compareExisting, "no counter moved: the phase stays")
    }

    @Test func sectorsAreDoneWhenEveryFileArrivedAndReportedTogether() {
        let tracker = UnitTracker(sectors: [1: ["/s/sealed/1", "/s/cache/1/p_aux"], 2: ["/s/sealed/2"], 3: ["/s/sealed/3"]])
        let item = { (source: String) in TransferItem(source: source, destination: "/d" + source, size: 10, permissions: 0o644, modificationTime: Timestamp(seconds: 1, nanoseconds: 0)) }
        tracker.started(item("/s/sealed/1"))
        #expect(tracker.finished(FileResult(item: item("/s/sealed/1"), method: .copy, digest: nil, seconds: 1, failure: nil)) == nil)
        var (counts, sectors, _) = tracker.counts()
        #expect(sectors?["in_flight"] == [1] && sectors?["remaining"] == [2, 3])
        let whole = tracker.finished(FileResult(item: item("/s/cache/1/p_aux"), method: .copy, digest: nil, seconds: 1, failure: nil))
        #expect(whole?.sector == 1 && whole?.results.count == 2)
        tracker.finished(FileResult(item: item("/s/sealed/2"), method: .copy, digest: nil, seconds: 1, failure: "ENOSPC"))
        tracker.refused(sector: 4, reason: "needs 10 B")
        (counts, sectors, _) = tracker.counts()
        #expect(counts.done == 1 && counts.failed == 2 && counts.remaining == 1 && counts.inFlight == 0)
        #expect(sectors?["failed"] == [2, 4])
        #expect(tracker.units() == ProgressText.Units(done: 1, failed: 2, total: 4, name: "sectors"))
    }

    @Test func theProgressFileIsReplacedWholeAndWorldReadable() throws {
        let dir = "/tmp/ferry-progress-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = umask(0o077)
        defer { umask(old) }
        var file = ProgressFile(command: ["ferry", "copy", "a", "b"], operation: "copy", destination: "/b", unit: "files")
        file.counts.done = 3
        try file.write(to: dir + "/journal.progress")
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/journal.progress")[.posixPermissions] as? Int
        #expect(mode == 0o644)
        let read = try #require(ProgressFile.read(dir + "/journal.progress"))
        #expect(read.counts.done == 3 && read.command == file.command && read.pid == getpid())
        #expect(!read.isStale, "this process is alive")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["journal.progress"], "no temporary left")
    }
}
