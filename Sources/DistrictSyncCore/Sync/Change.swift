/// One captured change to one record: the fields that changed with their new values, stamped
/// with the hybrid logical clock of the node that made it.
public struct Change: Hashable, Sendable {
    public enum Operation: UInt8, Sendable { case upsert = 1, delete = 2 }

    public var table: SyncedTable
    /// The record's primary key (tax code, survey id, officer id, training id).
    public var key: String
    public var operation: Operation
    /// Changed fields in increasing column order; empty for a delete.
    public var fields: [FieldChange]
    public var hlc: HLCTimestamp

    public init(table: SyncedTable, key: String, operation: Operation, fields: [FieldChange], hlc: HLCTimestamp) {
        self.table = table
        self.key = key
        self.operation = operation
        self.fields = fields.sorted { $0.column < $1.column }
        self.hlc = hlc
    }

    /// For the decoder, whose fields are already checked to be in strictly increasing column order.
    init(table: SyncedTable, key: String, operation: Operation, orderedFields: [FieldChange], hlc: HLCTimestamp) {
        self.table = table
        self.key = key
        self.operation = operation
        self.fields = orderedFields
        self.hlc = hlc
    }

    /// The value this change sets for column `name`, if it sets it.
    public func value(of name: String) -> FieldValue? {
        guard let index = table.columnIndex(name) else { return nil }
        return fields.first { $0.column == index }?.value
    }

    /// The `district` this change writes, when it sets it.
    public var district: String? { value(of: "district")?.text }
}

/// A new value for one column, named by its index in `SyncedTable.columns`.
public struct FieldChange: Hashable, Sendable {
    public var column: Int
    public var value: FieldValue

    public init(column: Int, value: FieldValue) {
        self.column = column
        self.value = value
    }
}
