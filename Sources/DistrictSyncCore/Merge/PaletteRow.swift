/// `RowVersions` in the compact form a stored row has: its distinct versions once (`palette`), and
/// for existence and each column an index into it (0 = never set, else index + 1).
///
/// Same decisions as `RowVersions.apply` (the test suite checks them against each other), but a
/// change is compared with each *distinct* stored version once instead of with every column, and
/// no per-column `FieldVersion` (with its node-id string) is copied. The hub merges through this.
public struct PaletteRow: Sendable {
    public var palette: [FieldVersion]
    public var exists: Bool
    public var existence: UInt8
    public var columns: [UInt8]

    public init(palette: [FieldVersion], exists: Bool, existence: UInt8, columns: [UInt8]) {
        self.palette = palette
        self.exists = exists
        self.existence = existence
        self.columns = columns
    }

    /// The versions as `RowVersions` (for tests and the general encoder).
    public var expanded: RowVersions {
        RowVersions(
            exists: exists, existence: existence == 0 ? nil : palette[Int(existence) - 1],
            columns: columns.map { $0 == 0 ? nil : palette[Int($0) - 1] })
    }

    /// `RowVersions.apply` on this form.
    public mutating func apply(incoming: FieldVersion, upsert: Bool, setColumns: UInt64) -> RowVersions.Outcome {
        precondition(palette.count < 64, "a row has at most 64 columns, so at most 65 versions")
        // Bit i: the incoming version beats palette[i] (strictly greater; equal is the same change).
        var beaten: UInt64 = 0
        for index in palette.indices where MergeRule.resolve(local: palette[index], incoming: incoming).takesIncoming {
            beaten |= 1 << UInt64(index)
        }
        var incomingIndex: UInt8 = 0
        func slot() -> UInt8 {
            if incomingIndex == 0 {
                if let found = palette.firstIndex(of: incoming) {
                    incomingIndex = UInt8(found + 1)
                } else {
                    palette.append(incoming)
                    incomingIndex = UInt8(palette.count)
                }
            }
            return incomingIndex
        }
        func takes(_ stored: UInt8) -> Bool { stored == 0 || beaten & (1 << UInt64(stored - 1)) != 0 }
        var outcome = RowVersions.Outcome(taken: 0, existenceMoved: false, existsFlipped: false)
        if takes(existence) {
            existence = slot()
            outcome.existenceMoved = true
            if upsert != exists {
                exists = upsert
                outcome.existsFlipped = true
            }
        }
        var remaining = setColumns
        while remaining != 0 {
            let column = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            guard column < columns.count, takes(columns[column]) else { continue }
            columns[column] = slot()
            outcome.taken |= 1 << UInt64(column)
        }
        return outcome
    }
}
