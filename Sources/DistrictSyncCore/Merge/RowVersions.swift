/// A record's merge state without its values: the version of its existence and of each column.
///
/// This is the whole of field-level last-writer-wins: `apply` decides, for one change, which columns
/// take the incoming value. `MergedRow` (the specification, with values) and the hub's merger (which
/// never loads values: it writes exactly the columns that were taken) both decide here.
public struct RowVersions: Hashable, Sendable {
    public var exists: Bool
    public var existence: FieldVersion?
    public var columns: [FieldVersion?]

    /// What one change did to the versions.
    public struct Outcome: Equatable, Sendable {
        /// Bit `c` is set when column `c` takes the incoming value.
        public var taken: UInt64
        /// Whether the existence version moved (it may move without `exists` flipping).
        public var existenceMoved: Bool
        /// Whether `exists` flipped.
        public var existsFlipped: Bool
        /// Whether anything must be written back.
        public var moved: Bool { taken != 0 || existenceMoved }
    }

    /// A record never seen: no versions, not existing.
    public init(columnCount: Int) {
        precondition(columnCount <= 64, "a synced table has at most 64 columns")
        exists = false
        existence = nil
        columns = Array(repeating: nil, count: columnCount)
    }

    public init(exists: Bool, existence: FieldVersion?, columns: [FieldVersion?]) {
        self.exists = exists
        self.existence = existence
        self.columns = columns
    }

    /// Applies a change made at `incoming` that is an upsert (or a delete) setting the columns whose
    /// bits are set in `setColumns` (a delete sets none). A version takes only when strictly greater,
    /// so applying the same change twice changes nothing and the result is the maximum whatever the order.
    public mutating func apply(incoming: FieldVersion, upsert: Bool, setColumns: UInt64) -> Outcome {
        var outcome = Outcome(taken: 0, existenceMoved: false, existsFlipped: false)
        if MergeRule.resolve(local: existence, incoming: incoming).takesIncoming {
            existence = incoming
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
            guard column < columns.count else { continue }
            if MergeRule.resolve(local: columns[column], incoming: incoming).takesIncoming {
                columns[column] = incoming
                outcome.taken |= 1 << UInt64(column)
            }
        }
        return outcome
    }
}
