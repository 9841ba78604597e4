import Foundation

/// Words shared by the job files `slurm-script` and `k8s-job` write.
public enum JobText {
    /// POSIX shell quoting, so the generated scripts run exactly the command that was planned.
    public static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The `ferry report` line a job file ends its header with; `destination` is nil when the
    /// planned command could not be read back (the hint then names DEST).
    public static func reportHint(destination: String?) -> String {
        guard let destination else { return "ferry report --dest-path DEST" }
        return "ferry report --dest-path " + shellQuoted(destination)
    }
}
