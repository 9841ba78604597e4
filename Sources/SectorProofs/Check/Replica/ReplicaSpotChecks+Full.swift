import Dispatch
import SectorProofs
import TransferIO

extension ReplicaSpotChecks {
    /// Lowest stored nodes per read in --full: 1 MiB of replica for r = 2.
    static let nodesPerChunk = 64

    /// --full: every lowest stored node, i.e. the whole replica read once in 1 MiB chunks, with the
    /// hashing spread over the cores. It is hash-bound, not I/O-bound: 4,672 H8 per MiB of replica.
    func full(_ report: inout ReplicaReport) {
        let total = layout.fileCount * layout.lowestNodesPerFile
        let file: ReadOnlyFile
        do {
            file = try ReadOnlyFile(dataPath)
        } catch {
            report.problems.append("\(dataPath): cannot open: \(error)")
            return
        }
        file.adviseSequential()
        let started = ContinuousClock.now
        let chunks = (total + Self.nodesPerChunk - 1) / Self.nodesPerChunk
        let results = ParallelMap.run(chunks) { chunk in
            let nodes = (chunk * Self.nodesPerChunk)..<min(total, (chunk + 1) * Self.nodesPerChunk)
            return checkChunk(nodes, in: file)
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let ok = results.reduce(0) { $0 + $1.ok }
        report.full = FullScanReport(nodes: total, nodesOK: ok, bytes: layout.sectorBytes, seconds: seconds)
        report.problems += Self.summarize(results.flatMap(\.failures), count: total - ok, what: "nodes")
    }

    /// Reads the chunk's replica bytes in one go, then checks each node's share of them.
    private func checkChunk(_ nodes: Range<Int>, in file: ReadOnlyFile) -> (ok: Int, failures: [String]) {
        let span = layout.leavesPerLowestNode * TreeRLastLayout.nodeBytes
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: span * nodes.count, alignment: 64)
        defer { buffer.deallocate() }
        let start = replicaOffset(node: nodes.lowerBound)
        do {
            try file.read(into: buffer, at: start)
        } catch {
            return (0, ["\(dataPath) bytes \(Count(start))–\(Count(start + Int64(buffer.count) - 1)): cannot read: \(error)"])
        }
        var ok = 0
        var failures: [String] = []
        for (position, node) in nodes.enumerated() {
            let leaves = UnsafeRawBufferPointer(rebasing: buffer[(position * span)..<((position + 1) * span)])
            if let failure = verify(node: node, leaves: leaves) {
                if failures.count < Self.listed { failures.append(failure) }
            } else {
                ok += 1
            }
        }
        return (ok, failures)
    }
}
