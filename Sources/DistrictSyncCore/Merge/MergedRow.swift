/// A record as the hub holds it: every column's value and version, and whether the record exists.
///
/// Deletes are tombstones: existence is one more last-writer-wins field. An upsert sets it to true
/// with its own version and a delete to false, so a delete and a concurrent edit resolve by clock
/// like any two edits of one field.
public struct MergedRow: Hashable, Sendable {
    public var values: [FieldValue]
    public var versions: [FieldVersion?]
    public var exists: Bool
    public var existenceVersion: FieldVersion?

    /// An empty row for `table` that has never been seen.
    public init(table: SyncedTable) {
        values = Array(repeating: .null, count: table.columns.count)
        versions = Array(repeating: nil, count: table.columns.count)
        exists = false
        existenceVersion = nil
    }

    public init(values: [FieldValue], versions: [FieldVersion?], exists: Bool, existenceVersion: FieldVersion?) {
        self.values = values
        self.versions = versions
        self.exists = exists
        self.existenceVersion = existenceVersion
    }

    /// Applies `change` made by `node`; returns whether anything changed (`exists` flipped or a
    /// column took the incoming value). The decision is `RowVersions.apply`'s.
    @discardableResult
    public mutating func apply(_ change: Change, node: String) -> Bool {
        var state = RowVersions(exists: exists, existence: existenceVersion, columns: versions)
        var mask: UInt64 = 0
        for field in change.fields where field.column < 64 { mask |= 1 << UInt64(field.column) }
        let outcome = state.apply(
            incoming: FieldVersion(hlc: change.hlc, node: node), upsert: change.operation == .upsert, setColumns: mask)
        exists = state.exists
        existenceVersion = state.existence
        versions = state.columns
        for field in change.fields where field.column < values.count && outcome.taken & (1 << UInt64(field.column)) != 0
        {
            values[field.column] = field.value
        }
        return outcome.existsFlipped || outcome.taken != 0
    }
}
