@testable import SectorProofs
import Testing

/// Tree-r-last geometry against the reference's table (§2.4), t_aux and p_aux formats.
@Suite(.tags(.fast)) struct LayoutTests {
    @Test func fileSizesRowsAndTreeLengths() {
        let expected: [(Int64, files: Int, r: Int, fileBytes: Int64, treeLength: Int, lowest: Int)] = [
            (2048, 1, 1, 32, 73, 1),
            (8 << 20, 1, 2, 18_720, 299_593, 512),
            (512 << 20, 1, 2, 1_198_368, 19_173_961, 32_768),
            (32 << 30, 8, 2, 9_586_976, 153_391_689, 262_144),
            (64 << 30, 16, 2, 9_586_976, 153_391_689, 262_144),
        ]
        for e in expected {
            let layout = TreeRLastLayout(sectorBytes: e.0)!
            #expect(layout.fileCount == e.files && layout.rowsToDiscard == e.r && layout.fileBytes == e.fileBytes, "\(e.0)")
            #expect(layout.treeLength == e.treeLength && layout.lowestNodesPerFile == e.lowest, "\(e.0)")
            #expect(TreeRLastLayout.rowsToDiscard(sectorBytes: e.0, fileBytes: e.fileBytes) == e.r)
        }
        let mib512 = TreeRLastLayout(sectorBytes: 512 << 20)!
        #expect(mib512.rows.map(\.offset) == [0, 32768, 36864, 37376, 37440, 37448])
        #expect(mib512.leavesPerLowestNode == 512 && TreeRLastLayout(sectorBytes: 2048)!.leavesPerLowestNode == 64)
        #expect(TreeRLastLayout(sectorBytes: 4096) == nil)
        #expect(TreeRLastLayout(sectorBytes: 32 << 30)!.fileNames.last == "sc-02-data-tree-r-last-7.dat")
        // Another rows_to_discard gives another size, so the size tells r.
        #expect(TreeRLastLayout(sectorBytes: 512 << 20, rowsToDiscard: 3)!.fileBytes == 4_681 * 32)
    }

    /// A 2KiB replica of zeros: the file is only the root, H8(H8(0×8)×8) (reference §6, derived).
    @Test func zeroReplicaRoot() {
        let layout = TreeRLastLayout(sectorBytes: 2048)!
        let file = TreeRLastFile.uniform(lowest: SyntheticReplica.zeroLowestNode(layout), layout: layout)
        #expect(file.bytes.hexString == "643ff4d08bf7d20de2f3cf0506d75cfb763aa239971e24fad179a7970a06ef1f")
        let zeros = [UInt8](repeating: 0, count: 2048)
        #expect(zeros.withUnsafeBytes { try? TreeHashing.lowestNode(leaves: $0) } == file.root)
    }

    @Test func tAuxRoundTripsAndRefusesGarbage() throws {
        let layout = TreeRLastLayout(sectorBytes: 8 << 20)!
        let aux = TemporaryAux.sealed(layout: layout, cacheDirectory: "/cache/s-t01000-1")
        let decoded = try TemporaryAux(bytes: aux.bytes)
        #expect(decoded == aux && decoded.labels.count == 2 && decoded.treeRLast.rowsToDiscard == 2 && decoded.treeRLast.size == 299_593)
        #expect(decoded.treeD.size == 2 * 262_144 - 1)
        #expect(throws: BincodeReader.Problem.self) { try TemporaryAux(bytes: Array(aux.bytes.dropLast(3))) }
        #expect(throws: BincodeReader.Problem.self) { try TemporaryAux(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) }
    }

    @Test func pAuxIsTwoCanonicalElements() throws {
        let commC = Fr(hex: "091e073b982f66f013c026da6e54d87dbf8bba848ef57a5529c7e7f72c828843")!
        let last = Fr(hex: "f0c5785c6c8cf62d968b1ecd68edb9d91eb9445c7858a60026f8826860f7e768")!
        let aux = try PersistentAux(bytes: commC.littleEndianBytes + last.littleEndianBytes)
        #expect(aux.commR.hex == "e674d19e6ce7fcf33bbfd9b343a0ceb12d2831d1da543161891ebccad2c6db01")
        #expect(throws: PersistentAux.Problem.size(63)) { try PersistentAux(bytes: Array(aux.bytes.dropLast())) }
        #expect(throws: PersistentAux.Problem.nonCanonical(field: "comm_r_last", offset: 32)) {
            try PersistentAux(bytes: commC.littleEndianBytes + [UInt8](repeating: 0xFF, count: 32))
        }
    }
}
