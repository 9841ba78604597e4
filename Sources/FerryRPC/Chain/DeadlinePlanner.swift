extension DeadlineSchedule {
    /// Asks the full node where `sectors` sit and plans them at the head's epoch: the one call
    /// `export files --chain-api` needs. `miner` is `f0<id>` or `t0<id>`.
    ///
    /// Up to `perSectorLookups` sectors are located one `StateSectorPartition` call each; more
    /// take the 48 `StateMinerPartitions` calls, whose cost does not grow with the sector count.
    public static func plan(api: ChainAPI, miner: String, sectors: [UInt64], marginSeconds: Int64,
                            provingLimit: ProvingLimit = .pause, perSectorLookups: Int = 32) async throws(DeadlineError) -> Plan {
        guard ActorAddress.actorID(miner) != nil else { throw .notAnIDAddress(miner) }
        let info: DeadlineInfo
        do { info = try await api.provingDeadline(miner: miner) } catch { throw .rpc(error) }
        let period = try ProvingPeriod(info)
        let wanted = Array(Set(sectors)).sorted()
        let deadlineOf = wanted.count <= perSectorLookups
            ? try await locateEach(api: api, miner: miner, sectors: wanted)
            : try await locateByDeadline(api: api, miner: miner, sectors: wanted, deadlines: period.deadlines)
        let schedule = try DeadlineSchedule(info: info, deadlineOf: deadlineOf, marginSeconds: marginSeconds, provingLimit: provingLimit)
        return schedule.plan(sectors: wanted, at: info.currentEpoch)
    }

    /// Sector → deadline for the sectors found in some partition; absent ones are in none.
    static func locateEach(api: ChainAPI, miner: String, sectors: [UInt64]) async throws(DeadlineError) -> [UInt64: UInt64] {
        var out: [UInt64: UInt64] = [:]
        for sector in sectors {
            do {
                if let location = try await api.sectorPartition(miner: miner, sector: sector) { out[sector] = location.deadline }
            } catch {
                throw .rpc(error)
            }
        }
        return out
    }

    /// `sectors` sorted ascending. A sector listed under two deadlines is refused: the node's
    /// answer contradicts itself, and guessing one could start a sector inside its window.
    static func locateByDeadline(api: ChainAPI, miner: String, sectors: [UInt64], deadlines: UInt64) async throws(DeadlineError) -> [UInt64: UInt64] {
        var out: [UInt64: UInt64] = [:]
        for deadline in 0..<deadlines {
            let partitions: [MinerPartition]
            do { partitions = try await api.partitions(miner: miner, deadline: deadline) } catch { throw .rpc(error) }
            for partition in partitions {
                for sector in partition.allSectors.members(of: sectors) {
                    if let first = out[sector], first != deadline {
                        throw .sectorInTwoDeadlines(sector: sector, first: first, second: deadline)
                    }
                    out[sector] = deadline
                }
            }
        }
        return out
    }
}
