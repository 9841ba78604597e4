public import LotusMetadata

/// Errors that stop the whole import before any sector is looked at.
public enum ImportError: Error, Equatable, CustomStringConvertible {
    case actorAddress(RPCError)
    case notIDAddress(String)
    case sectorsList(RPCError)

    public var description: String {
        switch self {
        case .actorAddress(let e): "cannot read the miner address from lotus-miner: \(e)"
        case .notIDAddress(let a): "lotus-miner reports actor address \(a), which is not an ID address (f0…/t0…)"
        case .sectorsList(let e): "cannot list lotus-miner sectors: \(e)"
        }
    }
}

/// The import flow of `damocles-manager util sealer sectors import`: ActorAddress, SectorsList
/// (unless numbers are given), then SectorsStatus per sector. Unlike damocles, an RPC error for one
/// sector is recorded and the next sector is tried.
public struct ImportRunner: Sendable {
    public let lotus: LotusMinerAPI
    public let target: (any ImportTarget)?
    /// `--store`: lotus' API does not expose a snapped sector's new CommR; its update cache does.
    public let updateCache: UpdateCacheCommR?

    /// `target` nil means dry run: sectors are read and mapped, nothing is written anywhere.
    public init(lotus: LotusMinerAPI, target: (any ImportTarget)?, updateCache: UpdateCacheCommR? = nil) {
        self.lotus = lotus
        self.target = target
        self.updateCache = updateCache
    }

    public func run(numbers: [UInt64]?, override: Bool, onSector: (SectorReport) -> Void = { _ in }) async throws(ImportError) -> ImportReport {
        let address: String
        do { address = try await lotus.actorAddress() } catch { throw .actorAddress(error) }
        guard let miner = ActorAddress.actorID(address) else { throw .notIDAddress(address) }

        var todo: [UInt64]
        if let numbers {
            todo = numbers
        } else {
            do { todo = try await lotus.sectorsList() } catch { throw .sectorsList(error) }
            // lotus lists in datastore key order ("10" before "9"); numeric order reads better.
            todo.sort()
        }
        var seen = Set<UInt64>()
        todo = todo.filter { seen.insert($0).inserted }

        let mapper = SectorStateMapper(miner: miner)
        var report = ImportReport(minerAddress: address, dryRun: target == nil)
        for number in todo {
            let sector = await importOne(number, mapper: mapper, override: override)
            report.sectors.append(sector)
            onSector(sector)
        }
        return report
    }

    private func importOne(_ number: UInt64, mapper: SectorStateMapper, override: Bool) async -> SectorReport {
        let id = SectorID(miner: mapper.miner, number: number)
        let info: LotusSectorInfo
        do {
            info = try await lotus.sectorsStatus(number)
        } catch {
            return SectorReport(id: id, outcome: .failed("get sector info: \(error)"))
        }
        // The reply names its sector; one for another sector would be written under that sector's
        // name (asked for 9, given 1009, ferry wrote s-t01000-1009.json and reported 9 imported).
        guard info.sectorID == number else {
            return SectorReport(id: id, outcome: .failed("lotus-miner answered SectorsStatus for sector \(number) with sector \(info.sectorID)"))
        }
        var state: DamoclesSectorState
        do {
            state = try mapper.map(info)
        } catch {
            switch error {
            case .skipped(let reason): return SectorReport(id: id, outcome: .skipped(reason))
            case .invalid(let value): return SectorReport(id: id, outcome: .failed(value.description))
            }
        }
        if state.upgraded, let updateCache {
            do {
                try state.recoverUpdateSealed(updateCache)
            } catch {
                return SectorReport(id: id, outcome: .failed("cannot recover the new CommR for UpgradedInfo.SealedCID: \(error)"), upgraded: true)
            }
        }
        let newCommR = updateCache == nil ? nil : state.upgradedInfo?.sealedCID?.string
        guard let target else {
            return SectorReport(id: id, outcome: .wouldImport, upgraded: state.upgraded, newCommR: newCommR)
        }
        do {
            let stored = try await target.store(state, override: override)
            return SectorReport(id: id, outcome: stored ? .imported : .notImported, upgraded: state.upgraded, newCommR: newCommR)
        } catch {
            return SectorReport(id: id, outcome: .failed("\(error)"), upgraded: state.upgraded)
        }
    }
}
