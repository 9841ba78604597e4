import KVStore

/// Decides every key an export writes, before anything is written.
struct Plan {
    private(set) var batch = KVWriteBatch()
    private var expected: [(String, [UInt8])] = []

    init(store: MetadataStore, states: [DamoclesSectorState], options: ExportOptions, report: inout ExportReport) throws(DatastoreError) {
        let before = try store.sectorNumbers()
        report.numbersBefore = .init(before)
        report.nextNumberFlag = options.nextNumber

        // Every number damocles used for this miner is "taken", whatever the sector's fate here.
        var usedNumbers = Bitfield()
        var lastUsed: UInt64?
        if !options.onlyNextNumber {
            var seen = Set<UInt64>()
            for state in states.sorted(by: { $0.ID.number < $1.ID.number }) {
                let n = state.ID.number
                usedNumbers.insert(n)
                lastUsed = Swift.max(lastUsed ?? 0, n)
                var entry = ExportReport.Sector(number: n, outcome: .skipped)
                defer { report.sectors.append(entry) }
                guard seen.insert(n).inserted else {
                    entry.outcome = .failed
                    entry.reason = "sector state given more than once"
                    report.failureCount += 1
                    continue
                }
                if let reason = SectorMapping.skipReason(state) {
                    entry.reason = reason
                    continue
                }
                let key = MetadataStore.Key.sector(n)
                if !options.override, try store.get(key) != nil {
                    entry.reason = "\(key) already exists (use --override to replace it)"
                    continue
                }
                do {
                    let mapped = try SectorMapping(state)
                    entry.outcome = .exported
                    entry.notes = mapped.notes
                    report.nulledMessageFields += mapped.nulledMessages
                    put(key, mapped.info.encoded(), &report)
                } catch {
                    entry.outcome = .failed
                    entry.reason = error.description
                    report.failureCount += 1
                }
            }
        }

        // damocles' rule (largest number, or --next-number if larger), but never lowering.
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

        // lotus ≥ 1.17.2 ignores nextid once the allocated bitfield exists: mark the numbers there.
        var after = before
        after.nextID = report.writtenKeys.contains(MetadataStore.Key.nextID) ? next : before.nextID
        if let allocated = before.allocated {
            var taken = usedNumbers
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
