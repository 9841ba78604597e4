/// The sector sizes a store can hold, and what a finalized sector of each size keeps in its
/// cache directory (filecoin-proofs: tree-r-last split into 1, 8 or 16 base trees, top rows only).
public enum SectorSize: Int64, Sendable, CaseIterable, CustomStringConvertible {
    case kib2 = 2048
    case mib8 = 8_388_608
    case mib512 = 536_870_912
    case gib32 = 34_359_738_368
    case gib64 = 68_719_476_736

    public var bytes: Int64 { rawValue }

    public var description: String {
        switch self {
        case .kib2: "2KiB"
        case .mib8: "8MiB"
        case .mib512: "512MiB"
        case .gib32: "32GiB"
        case .gib64: "64GiB"
        }
    }

    public init?(parsing text: String) {
        let wanted = text.lowercased()
        guard let match = Self.allCases.first(where: { $0.description.lowercased() == wanted || String($0.rawValue) == wanted }) else { return nil }
        self = match
    }

    /// tree-r-last file names and their exact sizes (merkletree refuses any other size).
    public var treeRLastFiles: [(name: String, size: Int64)] {
        switch self {
        case .kib2: [("sc-02-data-tree-r-last.dat", 32)]
        case .mib8: [("sc-02-data-tree-r-last.dat", 18_720)]
        case .mib512: [("sc-02-data-tree-r-last.dat", 1_198_368)]
        case .gib32: (0..<8).map { ("sc-02-data-tree-r-last-\($0).dat", 9_586_976) }
        case .gib64: (0..<16).map { ("sc-02-data-tree-r-last-\($0).dat", 9_586_976) }
        }
    }

    /// `p_aux` is two 32-byte commitments.
    public static let pAuxSize: Int64 = 64
}
