import TransferCore

/// The test seams of the real binary, read in one place: the fault bed and the CLI tests drive
/// them through the environment (so a runbook's command line never carries them); the libraries
/// only ever see options.
enum TestSeams {
    /// FERRY_TEST_KILL_AFTER=N: SIGKILL right after N durable journal transitions.
    static var killAfterTransitions: Int? { ProcessInfoEnvironment.value("FERRY_TEST_KILL_AFTER").flatMap(Int.init) }
    /// FERRY_TEST_CORRUPT_AFTER_SYNC=NAME: damage staged files whose name contains NAME before their verify.
    static var corruptAfterSync: String? { ProcessInfoEnvironment.value("FERRY_TEST_CORRUPT_AFTER_SYNC") }
    /// FERRY_TEST_URING_DISABLED: behave as on a host where io_uring is disabled.
    static var uringDisabled: Bool { ProcessInfoEnvironment.value("FERRY_TEST_URING_DISABLED") != nil }

    static func apply(to options: inout TransferOptions) {
        options.killAfterTransitions = killAfterTransitions
        options.corruptAfterSync = corruptAfterSync
        options.uringDisabled = uringDisabled
    }
}
