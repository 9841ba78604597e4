/// What `ferry check` does per sector beyond the cache's own consistency.
public struct CheckOptions: Sendable {
    /// Replica spot checks per replica (each reads 16 KiB and recomputes one lowest stored node).
    public var challenges: Int = 16
    /// Seeds the challenge positions, so a run can be repeated exactly.
    public var seed: UInt64 = 0
    /// Recompute every lowest stored node from the whole replica instead of sampling.
    public var full = false

    public init(challenges: Int = 16, seed: UInt64 = 0, full: Bool = false) {
        self.challenges = challenges
        self.seed = seed
        self.full = full
    }
}
