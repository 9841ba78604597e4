import ArgumentParser
import Foundation

/// ArgumentParser's ValidationError exits 64; ferry's usage errors exit 2 like other CLIs.
func usageError(_ message: String) -> ExitCode {
    printError("error: \(message)")
    return ExitCode(2)
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
