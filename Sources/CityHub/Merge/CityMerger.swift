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
            let stored = try load(table, key: change.key)
            let existed = stored != nil
            if let stored {
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
            let beforeExistence = row.existenceVersion
            // `apply` reports value and field-version changes; an existence version can move alone.
            let changed = row.apply(change, node: node) || row.existenceVersion != beforeExistence
            guard changed else { continue }
            try store(table, key: change.key, row: row, columnCount: columnCount, existed: existed)
        }
    }

    func load(_ table: SyncedTable, key: String) throws -> MergedRow? {
        let columns = table.columns
        let statement = try db.cached(Self.sql[Int(table.rawValue)].select)
        statement.reset()
        try statement.bind(text: key, at: 1)
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

    /// Per table (indexed by raw value): the row's SELECT, INSERT for a new row and UPDATE for a
    /// stored one, built once (they are the statement cache's keys).
    static let sql: [(select: String, insert: String, update: String)] = {
        var out = Array(repeating: (select: "", insert: "", update: ""), count: 256)
        for table in SyncedTable.allCases {
            let names = table.columns.map(\.name)
            out[Int(table.rawValue)] = (
                select: "SELECT \(names.joined(separator: ", ")), _exists, _versions FROM \(table.name) "
                    + "WHERE \(table.keyColumn) = ?",
                insert: "INSERT INTO \(table.name) (\(names.joined(separator: ", ")), _exists, _versions, "
                    + "\(table.keyColumn)) VALUES (\(Array(repeating: "?", count: names.count + 3).joined(separator: ", ")))",
                update: "UPDATE \(table.name) SET \(names.map { "\($0) = ?" }.joined(separator: ", ")), _exists = ?, "
                    + "_versions = ? WHERE \(table.keyColumn) = ?"
            )
        }
        return out
    }()

    /// Writes the merged row: INSERT when it is new, UPDATE when it was stored (an UPDATE leaves the
    /// indexes of unchanged columns alone; REPLACE would delete and re-insert every index entry).
    /// Both statements bind the columns in order, then `_exists`, `_versions`, the key.
    func store(_ table: SyncedTable, key: String, row: MergedRow, columnCount: Int, existed: Bool) throws {
        let entry = Self.sql[Int(table.rawValue)]
        let statement = try db.cached(existed ? entry.update : entry.insert)
        statement.reset()
        defer { statement.reset() }
        var index: Int32 = 1
        for value in row.values {
            switch value {
            case .null: try statement.bindNull(at: index)
            case .int(let v): try statement.bind(int64: v, at: index)
            case .text(let s): try statement.bind(text: s, at: index)
            }
            index += 1
        }
        try statement.bind(int64: row.exists ? 1 : 0, at: index)
        try statement.bind(
            blob: VersionCoding.encode(existence: row.existenceVersion, columns: row.versions), at: index + 1)
        try statement.bind(text: key, at: index + 2)
        while try statement.step() {}
    }
}
