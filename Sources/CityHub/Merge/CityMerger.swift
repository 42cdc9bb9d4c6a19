import DistrictSyncCore
import SQLiteDB

/// Applies a changeset's changes to the city tables: load each row's merge state, let the pure
/// `MergedRow.apply` decide field by field, write back what changed. The caller owns the transaction.
///
/// A stored row is loaded without its data columns (only `district`, `_exists`, `_versions`): the
/// merge decides by versions alone, and the UPDATE then sets only the columns whose version moved
/// (plus `_exists` and `_versions`). A new row is inserted whole. The SQL is built once per table
/// (and once per set of changed columns), so the statement cache is hit by a prebuilt string.
final class CityMerger {
    let db: Database
    /// UPDATE statements by table and changed-column mask.
    private var updates: [UInt64: String] = [:]

    init(db: Database) { self.db = db }

    /// Applies `changes` made by `node` of `district`.
    ///
    /// Throws `foreign_record` when a change touches a record the hub holds for another district, or
    /// creates a record without setting `district` to the changeset's district (threat T3). The caller
    /// rolls the whole transaction back then, so a rejected changeset changes nothing.
    func apply(_ changes: [Change], node: String, district: String) throws {
        for change in changes {
            let table = change.table
            if var row = try loadState(table, key: change.key) {
                guard row.values[0].text == district else {
                    throw HubError(
                        "foreign_record",
                        "change to \(table.name) record belongs to another district; district \(district) "
                            + "may only change its own records")
                }
                let before = row
                row.apply(change, node: node)
                var mask: UInt64 = 0
                for i in row.versions.indices where row.versions[i] != before.versions[i] {
                    // An unchanged district is left out of the UPDATE (it would rewrite its index entry).
                    if i == 0 && row.values[0] == before.values[0] { continue }
                    mask |= 1 << UInt64(i)
                }
                guard mask != 0 || row.existenceVersion != before.existenceVersion || row.exists != before.exists
                else { continue }
                try update(table, key: change.key, row: row, mask: mask)
            } else {
                var row = MergedRow(table: table)
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
                row.apply(change, node: node)
                try insert(table, key: change.key, row: row)
            }
        }
    }

    /// The stored row's merge state: `district` as value 0, the other values `.null` (not loaded),
    /// existence and every version. Nil when the hub has no such row.
    func loadState(_ table: SyncedTable, key: String) throws -> MergedRow? {
        let statement = try db.cached(Self.sql[Int(table.rawValue)].selectState)
        statement.reset()
        try statement.bind(text: key, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        let count = table.columns.count
        var values = [FieldValue](repeating: .null, count: count)
        if !statement.isNull(at: 0) { values[0] = .text(statement.text(at: 0) ?? "") }
        let exists = statement.int64(at: 1) != 0
        let (existence, versions) = try VersionCoding.decode(statement.blob(at: 2) ?? [], columnCount: count)
        return MergedRow(values: values, versions: versions, exists: exists, existenceVersion: existence)
    }

    /// Per table (indexed by raw value): the merge-state SELECT and the whole-row INSERT, built once.
    static let sql: [(selectState: String, insert: String)] = {
        var out = Array(repeating: (selectState: "", insert: ""), count: 256)
        for table in SyncedTable.allCases {
            let names = table.columns.map(\.name)
            out[Int(table.rawValue)] = (
                selectState: "SELECT district, _exists, _versions FROM \(table.name) WHERE \(table.keyColumn) = ?",
                insert: "INSERT INTO \(table.name) (\(names.joined(separator: ", ")), _exists, _versions, "
                    + "\(table.keyColumn)) VALUES (\(Array(repeating: "?", count: names.count + 3).joined(separator: ", ")))"
            )
        }
        return out
    }()

    /// Inserts a new row: every column in order, then `_exists`, `_versions`, the key.
    func insert(_ table: SyncedTable, key: String, row: MergedRow) throws {
        let statement = try db.cached(Self.sql[Int(table.rawValue)].insert)
        statement.reset()
        defer { statement.reset() }
        var index: Int32 = 1
        for value in row.values {
            try bind(value, statement, index)
            index += 1
        }
        try finish(statement, at: index, key: key, row: row)
    }

    /// Updates the columns in `mask`, `_exists` and `_versions` of a stored row.
    func update(_ table: SyncedTable, key: String, row: MergedRow, mask: UInt64) throws {
        let cacheKey = mask << 8 | UInt64(table.rawValue)
        let sql: String
        if let cached = updates[cacheKey] {
            sql = cached
        } else {
            let set = table.columns.indices.filter { mask & (1 << UInt64($0)) != 0 }
                .map { "\(table.columns[$0].name) = ?, " }.joined()
            sql = "UPDATE \(table.name) SET \(set)_exists = ?, _versions = ? WHERE \(table.keyColumn) = ?"
            updates[cacheKey] = sql
        }
        let statement = try db.cached(sql)
        statement.reset()
        defer { statement.reset() }
        var index: Int32 = 1
        for i in row.values.indices where mask & (1 << UInt64(i)) != 0 {
            try bind(row.values[i], statement, index)
            index += 1
        }
        try finish(statement, at: index, key: key, row: row)
    }

    private func bind(_ value: FieldValue, _ statement: Statement, _ index: Int32) throws {
        switch value {
        case .null: try statement.bindNull(at: index)
        case .int(let v): try statement.bind(int64: v, at: index)
        case .text(let s): try statement.bind(text: s, at: index)
        }
    }

    private func finish(_ statement: Statement, at index: Int32, key: String, row: MergedRow) throws {
        try statement.bind(int64: row.exists ? 1 : 0, at: index)
        try statement.bind(
            blob: VersionCoding.encode(existence: row.existenceVersion, columns: row.versions), at: index + 1)
        try statement.bind(text: key, at: index + 2)
        while try statement.step() {}
    }
}
