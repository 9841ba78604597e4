import ArgumentParser
import TransferCore
import TransferIO

/// `--bwlimit` and `--bwlimit-device`, for every command that reads sector data.
struct ThrottleFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Total bytes per second read from sources and re-read for verification, shared by all workers: 200MiB, 1.5GB, off, or a timetable of local times, e.g. \"08:00,100MiB 19:00,off\". `ferry throttle` changes it while the run goes on.", valueName: "rate|timetable"))
    var bwlimit: String = "off"

    @Option(name: .customLong("bwlimit-device"), help: ArgumentHelp("The same limit for each source file system (device) on its own.", valueName: "rate"))
    var bwlimitDevice: String?

    @Option(name: .customLong("io-priority"), help: ArgumentHelp("I/O class of every read and write: idle (only when the disk is otherwise idle, e.g. while lotus proves) or best-effort[:0-7]. Honoured by the bfq scheduler (and mq-deadline); ferry says when a device's scheduler ignores it.", valueName: "class"))
    var ioPriority: String?

    var priority: IOPriority? { ioPriority.flatMap(IOPriority.init(parsing:)) }

    func validate() throws {
        if let ioPriority, IOPriority(parsing: ioPriority) == nil {
            throw ValidationError("--io-priority: write idle, best-effort or best-effort:N with N from 0 to 7; got '\(ioPriority)'")
        }
        do {
            _ = try BandwidthSchedule.parse(bwlimit)
            if let bwlimitDevice, bwlimitDevice.lowercased() != "off" { _ = try ByteRate.parse(bwlimitDevice) }
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Sets the priority on `options` and says where a device's scheduler makes it moot.
    func applyPriority(to options: inout TransferOptions, paths: [String], notice: (String) -> Void) {
        guard let priority else { return }
        options.ioPriority = priority
        IOPriority.mootNotices(priority, paths: paths).forEach(notice)
    }

    /// The run's throttle, reading the control file in `ferryDirectory` (the destination's `.ferry/`).
    func throttle(ferryDirectory: String?, deviceLimits: (@Sendable () -> [UInt64: Int64])? = nil) -> Throttle {
        var settings = settings(ferryDirectory: ferryDirectory)
        settings.deviceLimits = deviceLimits
        return Throttle(settings)
    }

    /// The settings of that throttle, for a caller that builds it (and may add device limits).
    func settings(ferryDirectory: String?) -> Throttle.Settings {
        let schedule = (try? BandwidthSchedule.parse(bwlimit)) ?? .unlimited
        let perDevice = bwlimitDevice.flatMap { $0.lowercased() == "off" ? nil : try? ByteRate.parse($0) }
        return Throttle.Settings(schedule: schedule, perDevice: perDevice,
                                 controlFile: ferryDirectory.map { ThrottleControl.path(ferryDirectory: $0) })
    }
}
