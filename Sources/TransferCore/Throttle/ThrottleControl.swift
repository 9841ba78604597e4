import Foundation
public import TransferIO

/// What `ferry throttle` asks of the runs writing into one destination: a small text file,
/// `<dest>/.ferry/throttle`, replaced atomically and re-read by every run (every shard) about once
/// a second. It overrides the runs' own `--bwlimit` until set back to `default`.
public struct ThrottleControl: Sendable, Equatable {
    public enum Rate: Sendable, Equatable {
        /// The run's own --bwlimit (timetable included).
        case `default`
        case off
        case limit(Int64)
    }

    public var rate: Rate = .default
    public var paused = false

    public init(rate: Rate = .default, paused: Bool = false) {
        self.rate = rate
        self.paused = paused
    }

    public static func path(ferryDirectory: String) -> String { ferryDirectory + "/throttle" }

    /// nil when there is no control file (or it cannot be read: a run never stops on it).
    public static func read(_ path: String) -> ThrottleControl? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var control = ThrottleControl()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { continue }
            switch fields[0] {
            case "paused": control.paused = fields[1] == "yes"
            case "rate":
                switch fields[1] {
                case "default": control.rate = .default
                case "off": control.rate = .off
                default: if let rate = Int64(fields[1]), rate > 0 { control.rate = .limit(rate) }
                }
            default: continue
            }
        }
        return control
    }

    /// Written to a temporary name, fsynced and renamed over the old file, world-readable, so a
    /// run never reads half a file and `ferry status` can read it as any user.
    public func write(_ path: String) throws(Errno) {
        let rateText: String
        switch rate {
        case .default: rateText = "default"
        case .off: rateText = "off"
        case .limit(let bytes): rateText = String(bytes)
        }
        let text = Array("rate \(rateText)\npaused \(paused ? "yes" : "no")\n".utf8)
        let temporary = path + ".tmp-\(getpid())"
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path))
        let fd = try FileSystem.open(temporary, .createExclusive, permissions: 0o644)
        defer { FileSystem.close(fd) }
        let written = text.withUnsafeBytes { bytes in Result { () throws(Errno) in try FileSystem.write(fd: fd, from: bytes, offset: 0) } }
        guard try written.get() == text.count else { throw Errno.noSpace }
        try FileSystem.setPermissions(fd: fd, 0o644)
        try FileSystem.sync(fd: fd)
        try FileSystem.renameReplacing(temporary, path)
    }
}
