import KVStore

/// Decides every key an export writes, before anything is written.
struct Plan {
    private(set) var batch = KVWriteBatch()
    private var expected: [(String, [UInt8])] = []

    /// `options.nextNumber` must be within `SectorNumberLimit` (`MetadataExport.run` checks it).
    init(store: MetadataStore, states: [DamoclesSectorState], options: ExportOptions, report: inout ExportReport) throws(DatastoreError) {
        let before = try store.sectorNumbers()
        report.numbersBefore = .init(before)
        report.nextNumberFlag = options.nextNumber
        var used = (numbers: Bitfield(), last: UInt64?.none)
        if !options.onlyNextNumber {
            used = try planSectors(store, states, options, &report)
        }
        let next = planNextID(before, lastUsed: used.last, options, &report)
        planAllocated(before, next: next, used: used.numbers, options, &report)
    }

    /// One `/sectors/<n>` per selected, exportable state. Returns every number damocles used for
    /// this miner, selected or not, exported, failed or skipped: a number used once on chain can never
    /// be used again, so all of them are "taken" whatever the sector's fate here.
    private mutating func planSectors(_ store: MetadataStore, _ states: [DamoclesSectorState], _ options: ExportOptions,
                                      _ report: inout ExportReport) throws(DatastoreError) -> (numbers: Bitfield, last: UInt64?) {
        var used = Bitfield()
        var lastUsed: UInt64?
        var seen = Set<UInt64>()
        for state in states.sorted(by: { $0.ID.number < $1.ID.number }) {
            let n = state.ID.number
            let selected = options.numbers?.contains(n) ?? true
            // Before the number joins a bitfield or becomes the next id, where it would overflow.
            if let problem = SectorNumberLimit.problem(n, "sector number") {
                if selected { report.add(.init(number: n, outcome: .failed, reason: problem)) }
                continue
            }
            used.insert(n)
            lastUsed = Swift.max(lastUsed ?? 0, n)
            report.numbersCounted += seen.contains(n) ? 0 : 1
            guard selected else {
                seen.insert(n)
                continue
            }
            var entry = ExportReport.Sector(number: n, outcome: .skipped)
            if seen.insert(n).inserted {
                try planSector(state, store, options, &entry, &report)
            } else {
                entry.fail("sector state given more than once")
            }
            report.add(entry)
        }
        for n in (options.numbers ?? []).subtracting(seen).sorted() {
            report.add(.init(number: n, outcome: .failed, reason: "--numbers \(n): damocles has no state for sector \(n) of \(options.miner)"))
        }
        return (used, lastUsed)
    }

    private mutating func planSector(_ state: DamoclesSectorState, _ store: MetadataStore, _ options: ExportOptions,
                                     _ entry: inout ExportReport.Sector, _ report: inout ExportReport) throws(DatastoreError) {
        if let reason = SectorMapping.skipReason(state) {
            entry.reason = reason
            return
        }
        let key = MetadataStore.Key.sector(state.ID.number)
        if let existing = try store.get(key) {
            // A record lotus cannot decode is no "already exists": it makes lotus' ListSectors
            // fail, so lotus-miner would restart no sector at all. Only --override repairs it.
            let problem = Self.undecodable(existing)
            switch (problem, options.override) {
            case (let problem?, false):
                entry.outcome = .undecodable
                entry.reason = "\(key) exists but lotus cannot decode it (\(problem)); lotus-miner restarts no sector while it is there: use --override to replace it"
                return
            case (nil, false):
                entry.reason = "\(key) already exists (use --override to replace it)"
                return
            case (let problem?, true):
                entry.notes.append("replaces the undecodable record at \(key) (\(problem))")
            case (nil, true):
                break
            }
        }
        do {
            let mapped = try SectorMapping(state, context: options.mapping)
            entry.outcome = .exported
            entry.notes += mapped.notes
            report.messageCIDs += mapped.messages
            put(key, mapped.info.encoded(), &report)
        } catch {
            entry.fail(error.description)
        }
    }

    /// Why lotus could not decode a stored `/sectors/<n>` value, or nil when it can.
    static func undecodable(_ value: [UInt8]) -> String? {
        do {
            _ = try SectorInfo(cborBytes: value)
            return nil
        } catch {
            return error.message
        }
    }

    /// damocles' rule (largest number, or --next-number if larger), but never lowering.
    private mutating func planNextID(_ before: SectorNumbers, lastUsed: UInt64?, _ options: ExportOptions, _ report: inout ExportReport) -> UInt64 {
        var next = Swift.max(lastUsed ?? 0, options.nextNumber ?? 0)
        if options.onlyNextNumber, let n = options.nextNumber { next = n }
        if let stored = before.nextID, stored > next {
            report.messages.append("keeping stored next sector number \(stored) (not lowering it to \(next))")
            next = stored
        }
        report.nextSectorNumber = next
        if before.nextID != next, lastUsed != nil || options.nextNumber != nil {
            put(MetadataStore.Key.nextID, Uvarint.encode(next), &report)
        }
        return next
    }

    /// lotus ≥ 1.17.2 ignores nextid once the allocated bitfield exists: mark the numbers there.
    private mutating func planAllocated(_ before: SectorNumbers, next: UInt64, used: Bitfield, _ options: ExportOptions, _ report: inout ExportReport) {
        var after = before
        after.nextID = report.writtenKeys.contains(MetadataStore.Key.nextID) ? next : before.nextID
        if let allocated = before.allocated {
            var taken = used
            // `n + 1` cannot overflow: n ≤ SectorNumberLimit.max.
            if let n = options.nextNumber { taken.insert(0..<(n + 1)) }
            let merged = allocated.union(taken)
            if merged != allocated {
                put(MetadataStore.Key.allocated, MetadataStore.encodeBitfield(merged), &report)
                after.allocated = merged
            }
        }
        report.numbersAfter = .init(after)
    }

    private mutating func put(_ key: String, _ value: [UInt8], _ report: inout ExportReport) {
        batch.put(Array(key.utf8), value)
        expected.append((key, value))
        report.writtenKeys.append(key)
    }

    /// Reads every written key back; a mismatch means the write did not land as planned.
    func verify(_ store: MetadataStore) throws(DatastoreError) {
        for (key, value) in expected where try store.get(key) != value {
            throw .io("read-back of \(key) after the write does not match what was written")
        }
    }
}

extension ExportReport.Sector {
    mutating func fail(_ reason: String) {
        outcome = .failed
        self.reason = reason
    }
}
