import Foundation
import TransferIO

/// Every path flag and path argument is declared with `transform: PathArgument.expand`, so `~`
/// means the home directory wherever the shell did not expand it (`--dest-path=~/lotus`, quotes,
/// job files) instead of naming a directory `~`.
enum PathArgument {
    @Sendable static func expand(_ text: String) -> String { HomePath.expand(text) }
}

/// Where a lotus-miner repo is when none is given, as lotus-miner itself finds it.
enum LotusMinerRepoPath {
    static let help = "default: $LOTUS_MINER_PATH, else ~/.lotusminer; ~ is expanded"

    static func resolve(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let given { return given }
        if let path = environment["LOTUS_MINER_PATH"], !path.isEmpty { return HomePath.expand(path) }
        return HomePath.expand("~/.lotusminer")
    }
}
