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

    /// Applies `change` made by `node`; returns whether anything changed.
    @discardableResult
    public mutating func apply(_ change: Change, node: String) -> Bool {
        let incoming = FieldVersion(hlc: change.hlc, node: node)
        var changed = false
        if MergeRule.resolve(local: existenceVersion, incoming: incoming).takesIncoming {
            existenceVersion = incoming
            let newExists = change.operation == .upsert
            if newExists != exists {
                exists = newExists
                changed = true
            }
        }
        for field in change.fields where field.column < values.count {
            if MergeRule.resolve(local: versions[field.column], incoming: incoming).takesIncoming {
                versions[field.column] = incoming
                if values[field.column] != field.value {
                    values[field.column] = field.value
                }
                changed = true
            }
        }
        return changed
    }
}
