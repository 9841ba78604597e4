/// The sector-number bookkeeping of a lotus-miner datastore (filecoin-migration.md §6).
public struct SectorNumbers: Equatable, Sendable {
    /// `/storage/nextid`: the last number handed out (legacy counter, lotus < 1.17.2).
    public var nextID: UInt64?
    /// `/storage/sectorsids/allocated`; when present (lotus ≥ 1.17.2) `nextID` is ignored.
    public var allocated: Bitfield?
    public var reserved: Bitfield?
    public var reservations: [(name: String, numbers: Bitfield)] = []

    public static func == (a: SectorNumbers, b: SectorNumbers) -> Bool {
        a.nextID == b.nextID && a.allocated == b.allocated && a.reserved == b.reserved
            && a.reservations.map(\.name) == b.reservations.map(\.name) && a.reservations.map(\.numbers) == b.reservations.map(\.numbers)
    }

    public init(nextID: UInt64? = nil, allocated: Bitfield? = nil, reserved: Bitfield? = nil) {
        self.nextID = nextID
        self.allocated = allocated
        self.reserved = reserved
    }

    /// What lotus ≥ 1.17.2 considers allocated: the stored bitfield, or `[0 … nextid]`
    /// synthesised from the legacy counter when the bitfield key is absent.
    public var effectiveAllocated: Bitfield {
        if let allocated { return allocated }
        guard let nextID else { return Bitfield() }
        // `sectorNumbers()` refuses a stored value past SectorNumberLimit.max; the clamp only keeps
        // a hand-built value from trapping on `+ 1`.
        return Bitfield(ranges: [0..<(Swift.min(nextID, UInt64.max - 1) + 1)])
    }

    /// The lowest number lotus could assign, ignoring the chain's own allocated bitfield.
    public var nextFree: UInt64 {
        effectiveAllocated.union(reserved ?? Bitfield()).firstClear
    }

    /// Human form modelled on `lotus-miner sectors numbers info`.
    public var lines: [String] {
        let free = nextFree
        var out = [
            free > SectorNumberLimit.max ? "Next free: none (every number up to \(SectorNumberLimit.max) is allocated or reserved)" : "Next free: \(free)",
            "Allocated: \(effectiveAllocated)" + (allocated == nil ? " (from /storage/nextid; no allocated bitfield)" : ""),
            "Reserved: \(reserved?.description ?? "(none)")",
            "nextid: \(nextID.map(String.init) ?? "(unset)")",
        ]
        for r in reservations { out.append("Reservation \(r.name): \(r.numbers)") }
        return out
    }
}

extension MetadataStore {
    public func sectorNumbers() throws(DatastoreError) -> SectorNumbers {
        var numbers = SectorNumbers()
        if let raw = try get(Key.nextID) {
            guard let value = Uvarint.decodeExact(raw) else { throw .unreadable("\(Key.nextID): not a uvarint: \(raw)") }
            // lotus < 1.17.2 would hand out `value + 1` and lotus ≥ 1.17.2 synthesises `[0 … value]`:
            // past the limit neither can work, and ferry must neither trap on it nor raise it further.
            if let problem = SectorNumberLimit.problem(value, "\(Key.nextID) value") {
                throw .unreadable("\(problem): lotus cannot assign a sector number after it, and ferry will not read or change the numbers of this datastore")
            }
            numbers.nextID = value
        }
        numbers.allocated = try bitfield(Key.allocated)
        numbers.reserved = try bitfield(Key.reserved)
        for (key, _) in try scan(Key.reservationPrefix) {
            let name = String(key.dropFirst(Key.reservationPrefix.count))
            if let b = try bitfield(key) { numbers.reservations.append((name, b)) }
        }
        return numbers
    }

    /// Bitfields are stored as a CBOR byte string holding RLE+.
    func bitfield(_ key: String) throws(DatastoreError) -> Bitfield? {
        guard let raw = try get(key) else { return nil }
        do {
            guard case .bytes(let rle) = try CBORDecoder.decode(raw) else {
                throw DatastoreError.unreadable("\(key): not a CBOR byte string")
            }
            return try RLEPlus.decode(rle)
        } catch let error as DatastoreError {
            throw error
        } catch {
            throw .unreadable("\(key): \(error)")
        }
    }

    static func encodeBitfield(_ b: Bitfield) -> [UInt8] { CBOREncoder.encode(.bytes(RLEPlus.encode(b))) }
}
