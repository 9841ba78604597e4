/// One occurrence of a deadline. "Open" in ferry's sense starts at `challenge`, not at the chain's
/// `open`: lotus draws the challenge then and starts reading sectors one epoch later.
public struct ProvingWindow: Sendable, Equatable, Hashable {
    public let deadline: UInt64
    public let challenge: Int64
    public let open: Int64
    public let close: Int64

    public init(deadline: UInt64, challenge: Int64, open: Int64, close: Int64) {
        self.deadline = deadline
        self.challenge = challenge
        self.open = open
        self.close = close
    }

    public func isOpen(at epoch: Int64) -> Bool { challenge <= epoch && epoch < close }
}
