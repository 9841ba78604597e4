extension ExportReport {
    /// Lines in the order damocles prints its own (`sector N to sector info err`, `export failure
    /// counts`, `next sector number`, `update next sector number`), with ferry's extra information
    /// around them.
    public var humanLines: [String] {
        var out: [String] = []
        if let before = numbersBefore { out += ["sector numbers before:"] + before.lines.map { "  " + $0 } }
        for s in sectors { out += s.lines(dryRun: dryRun) }
        out.append("export failure counts: \(failureCount)")
        if let n = nextNumberFlag { out.append("next sector number: \(n)") }
        out += messages
        out.append("update next sector number: \(nextSectorNumber)")
        if numbersCounted > 0 {
            out.append("sector numbers counted as used: \(numbersCounted) (every number damocles knows for \(miner): exported, failed, skipped or not selected)")
        }
        out += messageLines
        if let after = numbersAfter { out += ["sector numbers \(written ? "after" : dryRun ? "after (dry run, not written)" : "(unchanged)"):"] + after.lines.map { "  " + $0 } }
        if let backup { out.append("backup of the datastore: \(backup)") }
        out.append(outcomeLine)
        return out
    }

    var messageLines: [String] {
        let t = messageCIDs
        guard t.asIs + t.resolved + t.nulled + t.placeholders > 0 || messagerLookups != nil else { return [] }
        var line = "message CIDs: \(t.resolved) resolved through venus-messager"
        if let messagerLookups { line += " (\(messagerLookups) ids looked up)" }
        line += ", \(t.asIs) already chain CIDs, \(t.nulled) left null, \(t.placeholders) ReplicaUpdateMessage placeholders"
        return [line]
    }

    /// What happened to the datastore, in one line.
    var outcomeLine: String {
        let failures = failureCount
        if dryRun {
            if allOrNothing && failures > 0 { return "dry run: --all-or-nothing would write nothing (\(failures) failed)" }
            return "dry run: would write \(writtenKeys.count) keys: \(writtenKeys.joined(separator: " "))"
        }
        if written {
            let base = "wrote \(writtenKeys.count) keys in one atomic batch"
            return failures > 0 ? base + "; the \(failures) failed sector(s) above were not written" : base
        }
        if failures > 0 && allOrNothing { return "nothing written (--all-or-nothing): fix the failures above (the datastore is unchanged)" }
        if failures > 0 { return "nothing written: no sector converted (the datastore is unchanged)" }
        return "nothing to write"
    }
}

extension ExportReport.Sector {
    func lines(dryRun: Bool) -> [String] {
        let head = switch outcome {
        case .exported: "sector \(number): \(dryRun ? "would export" : "exported")"
        case .skipped: "sector \(number): skipped: \(reason ?? "")"
        case .failed: "sector \(number) to sector info err: \(reason ?? "")"
        case .undecodable: "sector \(number): \(reason ?? "")"
        }
        return [head] + notes.map { "sector \(number): note: \($0)" }
    }
}
