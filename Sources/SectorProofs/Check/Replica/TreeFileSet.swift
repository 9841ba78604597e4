import Dispatch
import SectorProofs
import TransferIO

/// A replica's tree-r-last files, each read whole, parsed and verified row by row (the files are
/// independent, so they are verified in parallel: 8 × 37,449 H8 for a 32GiB sector).
struct TreeFileSet: Sendable {
    let paths: [String]
    /// nil where the file could not be read or holds a non-canonical node.
    let files: [TreeRLastFile?]

    /// The roots in file order, when every file parsed.
    var roots: [Fr]? {
        let parsed = files.compactMap { $0 }
        return parsed.count == files.count ? parsed.map(\.root) : nil
    }

    static func load(cache: String, layout: TreeRLastLayout, report: inout ReplicaReport) -> TreeFileSet {
        let paths = layout.fileNames.map { cache + "/" + $0 }
        let results = ParallelMap.run(paths.count) { index in check(paths[index], layout) }
        report.treeFiles = paths.count
        report.treeFilesOK = results.filter { $0.problem == nil }.count
        report.problems += results.compactMap(\.problem)
        return TreeFileSet(paths: paths, files: results.map(\.file))
    }

    private static func check(_ path: String, _ layout: TreeRLastLayout) -> (file: TreeRLastFile?, problem: String?) {
        let bytes: [UInt8]
        do {
            bytes = try ReadOnlyFile.contents(path)
        } catch {
            return (nil, "\(path): cannot read: \(error)")
        }
        guard bytes.count == Int(layout.fileBytes) else {
            return (nil, "\(path) is \(Count(bytes.count)) bytes, \(Count(layout.fileBytes)) expected")
        }
        let file: TreeRLastFile
        do throws(TreeProblem) {
            file = try TreeRLastFile(bytes: bytes, layout: layout)
            try file.verifyRows()
        } catch {
            return (nil, describe(error, in: path))
        }
        return (file, nil)
    }

    static func describe(_ problem: TreeProblem, in path: String) -> String {
        switch problem {
        case .nonCanonical(let offset):
            "\(path) byte \(Count(offset)): not a field element (≥ p)"
        case let .mismatch(row, node, offset, expected, found):
            "\(path) row \(row) node \(Count(node)) (byte \(Count(offset))) holds \(found.hex), but the 8 nodes below hash to \(expected.hex)"
        }
    }
}

/// `DispatchQueue.concurrentPerform` collecting results in order.
enum ParallelMap {
    static func run<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = ResultSlots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, body($0)) }
        return slots.values
    }
}

/// One slot per iteration, each written by exactly one iteration, read after all finished. A raw
/// buffer, not an array: concurrent writes through one array would be overlapping accesses.
private final class ResultSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    init(_ count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: T) { storage[index] = value }

    var values: [T] { storage.map { $0! } }
}
