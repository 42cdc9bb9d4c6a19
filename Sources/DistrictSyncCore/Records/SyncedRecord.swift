/// A record of a synced table, convertible to the table's column values in their fixed order.
public protocol SyncedRecord: Sendable {
    static var table: SyncedTable { get }
    /// The primary key.
    var key: String { get }
    /// Values in the order of `Self.table.columns`.
    var values: [FieldValue] { get }
}

extension SyncedRecord {
    /// Column name → value.
    public var namedValues: [String: FieldValue] {
        Dictionary(uniqueKeysWithValues: zip(Self.table.columns.map(\.name), values))
    }
}

extension Array where Element == FieldValue {
    /// The text at column `name` of `table` (empty when null or absent).
    public func text(_ name: String, in table: SyncedTable) -> String {
        guard let i = table.columnIndex(name), i < count else { return "" }
        return self[i].text ?? ""
    }

    /// The integer at column `name` of `table` (0 when null or absent).
    public func int(_ name: String, in table: SyncedTable) -> Int64 {
        guard let i = table.columnIndex(name), i < count else { return 0 }
        return self[i].int ?? 0
    }
}
