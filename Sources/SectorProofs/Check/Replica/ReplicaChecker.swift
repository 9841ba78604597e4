import SectorProofs
import SectorStore
import TransferIO

/// Checks one replica against its cache directory (reference §7): p_aux, t_aux, every stored row
/// of every tree-r-last file, the roots against p_aux's comm_r_last, CommR, then the replica itself
/// (seeded spot checks, or every node with --full). Each step that fails adds a problem and the
/// checks that do not depend on it still run, so one report says everything that is wrong.
struct ReplicaChecker {
    let id: SectorID
    let replica: SectorReplica
    let options: CheckOptions
    /// The sealed CID the source of truth records for this replica, and where it comes from.
    let expected: ExpectedCommR?

    /// The report, and p_aux when it parsed (a snapped sector's two replicas share comm_c).
    func run() -> (ReplicaReport, PersistentAux?) {
        var report = ReplicaReport(kind: replica.kind)
        report.expectedCommR = expected?.cid.description
        guard replica.isComplete, let data = replica.data, let cache = replica.cacheDirectory,
              let size = replica.size, let layout = TreeRLastLayout(sectorBytes: size.bytes)
        else {
            report.problems = replica.problems.isEmpty ? ["\(replica.kind.dataDirectory) replica is incomplete"] : replica.problems
            return (report, nil)
        }
        let pAux = checkPAux(cache + "/p_aux", &report)
        checkTAux(cache + "/t_aux", layout, &report)
        let trees = TreeFileSet.load(cache: cache, layout: layout, report: &report)
        if let pAux {
            checkRoots(trees, pAux, &report)
            checkCommR(pAux, &report)
        }
        let spotChecks = ReplicaSpotChecks(id: id, kind: replica.kind, dataPath: data.path, cache: cache, layout: layout, trees: trees)
        if options.full {
            spotChecks.full(&report)
        } else {
            spotChecks.challenges(count: options.challenges, seed: options.seed, &report)
        }
        return (report, pAux)
    }

    private func checkPAux(_ path: String, _ report: inout ReplicaReport) -> PersistentAux? {
        do {
            return try PersistentAux(bytes: try ReadOnlyFile.contents(path))
        } catch let error as Errno {
            report.problems.append("\(path): cannot read: \(error)")
        } catch {
            report.problems.append("\(path): \(error)")
        }
        return nil
    }

    /// t_aux must decode, and its tree_r_last config must describe these files: the
    /// rows_to_discard that gives their size, and the tree length of this sector size.
    private func checkTAux(_ path: String, _ layout: TreeRLastLayout, _ report: inout ReplicaReport) {
        let config: TemporaryAux.StoreConfig
        do {
            config = try TemporaryAux(bytes: try ReadOnlyFile.contents(path)).treeRLast
        } catch let error as Errno {
            report.problems.append("\(path): cannot read: \(error)")
            return
        } catch {
            report.problems.append("\(path): cannot decode (bincode TemporaryAux): \(error)")
            return
        }
        if config.rowsToDiscard != UInt64(layout.rowsToDiscard) {
            report.problems.append("\(path): tree_r_last rows_to_discard is \(config.rowsToDiscard), but the tree-r-last files are "
                + "\(Count(layout.fileBytes)) bytes, which is rows_to_discard \(layout.rowsToDiscard)")
        }
        if let size = config.size, size != UInt64(layout.treeLength) {
            report.problems.append("\(path): tree_r_last size is \(Count(size)) nodes, \(Count(layout.treeLength)) expected for this sector size")
        }
    }

    /// The file roots must combine (1, 8 or 16 files) to p_aux's comm_r_last.
    private func checkRoots(_ trees: TreeFileSet, _ pAux: PersistentAux, _ report: inout ReplicaReport) {
        guard let roots = trees.roots, let commRLast = TreeHashing.commRLast(roots: roots) else { return }
        if commRLast != pAux.commRLast {
            report.problems.append("\(replica.cacheDirectory ?? "")/p_aux: comm_r_last (bytes 32–63) is \(pAux.commRLast.hex), "
                + "but the tree-r-last roots combine to \(commRLast.hex)")
        }
    }

    private func checkCommR(_ pAux: PersistentAux, _ report: inout ReplicaReport) {
        let commR = SealedCID.cid(pAux.commR)
        report.commR = commR.description
        guard let expected, expected.cid != commR else { return }
        report.problems.append("CommR \(commR) (H2 of p_aux) differs from \(expected.cid) (\(expected.source))")
    }
}
