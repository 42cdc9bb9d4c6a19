import DistrictSyncCore
import DistrictSyncStore
import SQLiteDB

/// Applies a changeset's changes to the city tables: load each row with its versions, let the pure
/// `MergedRow.apply` decide field by field, write the row back. The caller owns the transaction.
struct CityMerger {
    let db: Database

    /// Applies `changes` made by `node` of `district`.
    ///
    /// Throws `foreign_record` when a change touches a record the hub holds for another district, or
    /// creates a record without setting `district` to the changeset's district (threat T3). The caller
    /// rolls the whole transaction back then, so a rejected changeset changes nothing.
    func apply(_ changes: [Change], node: String, district: String) throws {
        for change in changes {
            let table = change.table
            let columnCount = table.columns.count
            var row: MergedRow
            if let stored = try load(table, key: change.key) {
                row = stored
                guard row.values[0].text == district else {
                    throw HubError(
                        "foreign_record",
                        "change to \(table.name) record belongs to another district; district \(district) "
                            + "may only change its own records")
                }
            } else {
                row = MergedRow(table: table)
                if change.operation == .upsert {
                    guard change.district == district else {
                        throw HubError(
                            "foreign_record",
                            "a new \(table.name) record must set district = \(district) (the changeset's district)")
                    }
                } else {
                    // A tombstone for a record the hub has not seen yet: remember whose it is.
                    row.values[0] = .text(district)
                }
            }
            let before = row
            row.apply(change, node: node)
            guard row != before else { continue }
            try store(table, key: change.key, row: row, columnCount: columnCount)
        }
    }

    func load(_ table: SyncedTable, key: String) throws -> MergedRow? {
        let columns = table.columns
        let statement = try db.cached(
            "SELECT \(columns.map(\.name).joined(separator: ", ")), _exists, _versions FROM \(table.name) "
                + "WHERE \(table.keyColumn) = ?")
        statement.reset()
        try statement.bind([.text(key)])
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        var values: [FieldValue] = []
        values.reserveCapacity(columns.count)
        for (i, column) in columns.enumerated() {
            let index = Int32(i)
            if statement.isNull(at: index) {
                values.append(.null)
            } else if column.type == .int {
                values.append(.int(statement.int64(at: index)))
            } else {
                values.append(.text(statement.text(at: index) ?? ""))
            }
        }
        let exists = statement.int64(at: Int32(columns.count)) != 0
        let (existence, versions) = try VersionCoding.decode(
            statement.blob(at: Int32(columns.count + 1)) ?? [], columnCount: columns.count)
        return MergedRow(values: values, versions: versions, exists: exists, existenceVersion: existence)
    }

    func store(_ table: SyncedTable, key: String, row: MergedRow, columnCount: Int) throws {
        let statement = try db.cached(
            "INSERT OR REPLACE INTO \(table.name) (\(SyncedSchema.columnList(table)), _exists, _versions) "
                + "VALUES (\(SyncedSchema.placeholders(table, extra: 2)))")
        var params: [SQLValue] = [.text(key)]
        params.reserveCapacity(columnCount + 3)
        for value in row.values {
            switch value {
            case .null: params.append(.null)
            case .int(let v): params.append(.integer(v))
            case .text(let s): params.append(.text(s))
            }
        }
        params.append(.integer(row.exists ? 1 : 0))
        params.append(.blob(VersionCoding.encode(existence: row.existenceVersion, columns: row.versions)))
        try statement.run(params)
    }
}
