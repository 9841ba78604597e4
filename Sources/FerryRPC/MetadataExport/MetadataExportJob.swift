public import LotusMetadata

/// `ferry export metadata` from end to end: read the damocles states, resolve their messager uids,
/// then write the lotus datastore (`MetadataExport`). Everything that can fail as a whole — the
/// states, the messager — fails before the datastore is opened for writing.
public struct MetadataExportJob: Sendable {
    public enum Source: Sendable {
        /// `--from-json`: export-json files (a file or a directory of `*.json`).
        case files(String)
        /// `--damocles-api`: `Venus.ListSectors` of damocles-manager's offline store.
        case damocles(JSONRPCClient)
        /// `--only-next-number`: no sector at all.
        case none
    }

    public var repo: LotusRepo
    public var source: Source
    /// `--messager-api`: resolves damocles' messager uids to chain CIDs; nil leaves them unresolved.
    public var messager: MessagerAPI?
    /// `--store`: where snapped sectors' update caches are, to recover a missing new CommR.
    public var updateCache: UpdateCacheCommR?
    public var options: ExportOptions

    public init(repo: LotusRepo, source: Source, messager: MessagerAPI? = nil, updateCache: UpdateCacheCommR? = nil, options: ExportOptions) {
        self.repo = repo
        self.source = source
        self.messager = messager
        self.updateCache = updateCache
        self.options = options
    }

    public func run() async throws(MetadataExportFailure) -> ExportReport {
        let states = try await loadStates()
        var options = self.options
        var messages = MessageLookup.none
        if let messager {
            do {
                messages = try await MessagerResolver(api: messager).resolve(Self.messagerIDs(states, options))
            } catch {
                throw .messager(error)
            }
        }
        options.mapping = MappingContext(messages: messages, updateCache: updateCache)
        do {
            return try MetadataExport.run(repo: repo, states: states, options: options)
        } catch {
            throw .export(error)
        }
    }

    private func loadStates() async throws(MetadataExportFailure) -> [LotusMetadata.DamoclesSectorState] {
        switch source {
        case .files(let path):
            do { return try SectorStateLoader.load(path: LotusRepo.expandTilde(path)) } catch { throw .states(error.description) }
        case .damocles(let client):
            do { return try await DamoclesStateSource(client: client).load() } catch { throw .states(error.description) }
        case .none:
            return []
        }
    }

    /// The uids of the sectors the export may map (this miner's, selected, not skipped for their
    /// damocles state), each asked once however many sectors of a batch share it. Sectors whose
    /// record already exists are asked about too: the datastore is only read after this.
    static func messagerIDs(_ states: [LotusMetadata.DamoclesSectorState], _ options: ExportOptions) -> Set<String> {
        guard let miner = options.miner.actorID, !options.onlyNextNumber else { return [] }
        var uids = Set<String>()
        for state in states where state.ID.miner == miner && (options.numbers?.contains(state.ID.number) ?? true) {
            if SectorMapping.skipReason(state) == nil { uids.formUnion(state.messagerIDs) }
        }
        return uids
    }
}

/// What stopped an export as a whole; the datastore is unchanged after each of them.
public enum MetadataExportFailure: Error, CustomStringConvertible {
    case states(String)
    case messager(MessagerError)
    case export(ExportError)

    public var description: String {
        switch self {
        case .states(let message): message
        case .messager(let error): "\(error); nothing written"
        case .export(let error): error.description
        }
    }
}
