/// Square matrices over Fr, for deriving Poseidon's constants once (MDS, its inverse, the sparse
/// factors). Vectors are rows: `v × M` means new[j] = Σ v[i]·M[i][j], the spec's convention.
struct FieldMatrix: Equatable {
    var rows: [[Fr]]

    var size: Int { rows.count }

    init(rows: [[Fr]]) {
        precondition(rows.allSatisfy { $0.count == rows.count }, "square matrices only")
        self.rows = rows
    }

    static func identity(_ n: Int) -> FieldMatrix {
        FieldMatrix(rows: (0..<n).map { i in (0..<n).map { $0 == i ? Fr.one : Fr.zero } })
    }

    /// Poseidon's MDS matrix: the Cauchy matrix 1/(x_i + y_j) with x = 0…t−1, y = t…2t−1.
    static func cauchy(_ t: Int) -> FieldMatrix {
        FieldMatrix(rows: (0..<t).map { i in (0..<t).map { j in Fr(UInt64(i + t + j)).inverse! } })
    }

    static func * (a: FieldMatrix, b: FieldMatrix) -> FieldMatrix {
        let n = a.size
        return FieldMatrix(rows: (0..<n).map { i in
            (0..<n).map { j in (0..<n).reduce(Fr.zero) { $0 + a.rows[i][$1] * b.rows[$1][j] } }
        })
    }

    /// Row vector times matrix.
    static func * (v: [Fr], m: FieldMatrix) -> [Fr] {
        (0..<m.size).map { j in v.indices.reduce(Fr.zero) { $0 + v[$1] * m.rows[$1][j] } }
    }

    /// Matrix times column vector.
    func apply(_ column: [Fr]) -> [Fr] {
        rows.map { row in zip(row, column).reduce(Fr.zero) { $0 + $1.0 * $1.1 } }
    }

    /// Gauss–Jordan elimination; nil when singular (a Cauchy matrix and its minors never are).
    var inverse: FieldMatrix? {
        let n = size
        var a = rows
        var b = FieldMatrix.identity(n).rows
        for column in 0..<n {
            guard let pivot = (column..<n).first(where: { a[$0][column] != .zero }) else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            let scale = a[column][column].inverse!
            a[column] = a[column].map { $0 * scale }
            b[column] = b[column].map { $0 * scale }
            for row in 0..<n where row != column && a[row][column] != .zero {
                let factor = a[row][column]
                a[row] = zip(a[row], a[column]).map { $0 - factor * $1 }
                b[row] = zip(b[row], b[column]).map { $0 - factor * $1 }
            }
        }
        return FieldMatrix(rows: b)
    }

    /// The matrix without its first row and column.
    var minor: FieldMatrix { FieldMatrix(rows: rows.dropFirst().map { Array($0.dropFirst()) }) }
}
