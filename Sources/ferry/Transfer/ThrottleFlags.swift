import ArgumentParser
import TransferCore
import TransferIO

/// `--bwlimit` and `--bwlimit-device`, for every command that reads sector data.
struct ThrottleFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Total bytes per second read from sources and re-read for verification, shared by all workers: 200MiB, 1.5GB, off, or a timetable of local times, e.g. \"08:00,100MiB 19:00,off\". `ferry throttle` changes it while the run goes on.", valueName: "rate|timetable"))
    var bwlimit: String = "off"

    @Option(name: .customLong("bwlimit-device"), help: ArgumentHelp("The same limit for each source file system (device) on its own.", valueName: "rate"))
    var bwlimitDevice: String?

    func validate() throws {
        do {
            _ = try BandwidthSchedule.parse(bwlimit)
            if let bwlimitDevice, bwlimitDevice.lowercased() != "off" { _ = try ByteRate.parse(bwlimitDevice) }
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The run's throttle, reading the control file in `ferryDirectory` (the destination's `.ferry/`).
    func throttle(ferryDirectory: String?) -> Throttle {
        let schedule = (try? BandwidthSchedule.parse(bwlimit)) ?? .unlimited
        let perDevice = bwlimitDevice.flatMap { $0.lowercased() == "off" ? nil : try? ByteRate.parse($0) }
        return Throttle(Throttle.Settings(schedule: schedule, perDevice: perDevice,
                                          controlFile: ferryDirectory.map { ThrottleControl.path(ferryDirectory: $0) }))
    }
}
