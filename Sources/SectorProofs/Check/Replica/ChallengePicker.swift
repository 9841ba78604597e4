import TransferIO
import SectorStore

/// Chooses which lowest stored nodes to spot-check: `count` distinct ones out of `total`, from a
/// seeded generator so a run can be repeated exactly (`--seed`), different per sector and replica
/// so two sectors are not checked at the same offsets.
enum ChallengePicker {
    static func pick(count: Int, from total: Int, seed: UInt64, id: SectorID, kind: ReplicaKind) -> [Int] {
        guard count < total else { return Array(0..<total) }
        var random = SplitMix64(seed: seed ^ id.miner.id &* 0x9E37_79B9_7F4A_7C15 ^ id.number &* 0xBF58_476D_1CE4_E5B9 ^ (kind == .update ? 0x94D0_49BB_1331_11EB : 0))
        // Floyd's sampling: exactly `count` draws, each index at most once.
        var chosen = Set<Int>()
        for upper in (total - count)..<total {
            let candidate = Int(random.next() % UInt64(upper + 1))
            chosen.insert(chosen.contains(candidate) ? upper : candidate)
        }
        return chosen.sorted()
    }
}
