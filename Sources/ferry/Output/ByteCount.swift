import TransferCore

/// Sizes as people type and read them; the library owns the rules (the progress text uses them).
typealias ByteCount = TransferCore.ByteCount
