/// An integer with thousands separators ("1,198,368"), for byte offsets and sizes in messages.
struct Count: CustomStringConvertible {
    let value: Int64

    init(_ value: some BinaryInteger) { self.value = Int64(value) }

    var description: String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
