import ArgumentParser
import TransferCore
import TransferIO

/// `ferry throttle --dest-path D (RATE | off | default | pause | resume)`: changes the limit of
/// every run (every shard) writing into D, within 2 seconds, through D's `.ferry/throttle`.
struct ThrottleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throttle",
        abstract: "Change the bandwidth limit of the runs writing into a destination, or pause and resume them.",
        discussion: """
        RATE (e.g. 100MiB) or off replaces the runs' own --bwlimit; default gives it back. pause stops \
        new I/O (operations in flight finish, nothing is lost); resume goes on. Runs re-read the setting \
        about once a second; it stays in <dest>/.ferry/throttle for later runs until changed.
        """
    )

    @Option(name: .customLong("dest-path"), help: "The destination of the runs (copy/move DEST root or export --dest-path).", transform: PathArgument.expand)
    var destPath: String

    @Argument(help: "RATE, off, default, pause or resume.")
    var setting: String

    func validate() throws {
        guard ["off", "default", "pause", "resume"].contains(setting.lowercased()) || (try? ByteRate.parse(setting)) != nil else {
            throw ValidationError("write a rate (e.g. 100MiB), off, default, pause or resume; got '\(setting)'")
        }
    }

    func run() throws {
        let directory = FileSystem.absolute(destPath) + "/.ferry"
        guard FileSystem.exists(FileSystem.absolute(destPath)) else {
            Stderr.write("ferry: \(destPath) does not exist; give the destination of a run\n")
            throw ExitCode(1)
        }
        let path = ThrottleControl.path(ferryDirectory: directory)
        var control = ThrottleControl.read(path) ?? ThrottleControl()
        switch setting.lowercased() {
        case "pause": control.paused = true
        case "resume": control.paused = false
        case "off": control.rate = .off
        case "default": control.rate = .default
        default: control.rate = .limit(try! ByteRate.parse(setting))
        }
        do {
            try control.write(path)
        } catch {
            Stderr.write("ferry: cannot write \(path): \(error)\n")
            throw ExitCode(1)
        }
        print("runs into \(FileSystem.absolute(destPath)): \(Self.describe(control)) (taken up within 2 s)")
    }

    static func describe(_ control: ThrottleControl) -> String {
        let rate: String
        switch control.rate {
        case .default: rate = "their own --bwlimit"
        case .off: rate = "no limit"
        case .limit(let bytes): rate = "limit \(ByteCount.format(bytes))/s"
        }
        return control.paused ? "paused (\(rate) once resumed)" : rate
    }
}
