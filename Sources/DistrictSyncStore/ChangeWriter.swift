public import DistrictSyncCore
public import SQLiteDB

/// Writes synced records and, in the same transaction, the change record for each write.
///
/// Only obtained inside `NodeStore.capture`, which owns the transaction: a data write and its
/// change record therefore commit together or not at all. A write that changes no field records
/// nothing.
///
/// The enterprise list's rows (`EnterpriseIndex`) of the enterprises written are kept aside and
/// written by `finish`, in the table's order, just before the transaction commits: an import of
/// 100,000 enterprises then fills the index from left to right instead of at random places.
public final class ChangeWriter {
    let db: Database
    var clock: HybridLogicalClock
    let wallMillis: Int64
    public private(set) var changesRecorded = 0
    /// Tax code → values of the enterprises whose index row `finish` writes (their old row, if
    /// any, is already removed).
    var pendingIndex: [String: [FieldValue]] = [:]

    init(db: Database, clock: HybridLogicalClock, wallMillis: Int64) {
        self.db = db
        self.clock = clock
        self.wallMillis = wallMillis
    }

    /// Inserts or updates a record; returns whether any field changed.
    @discardableResult
    public func upsert<R: SyncedRecord>(_ record: R) throws -> Bool {
        try upsert(table: R.table, key: record.key, values: record.values)
    }

    /// Inserts or updates `key` in `table` with `values` in column order.
    @discardableResult
    public func upsert(table: SyncedTable, key: String, values: [FieldValue]) throws -> Bool {
        precondition(values.count == table.columns.count, "values must match \(table.name)'s columns")
        let insert = try db.cached(Self.sql[Int(table.rawValue)].insert)
        try insert.bind(text: key, at: 1)
        for (i, v) in values.enumerated() { try bind(v, insert, Int32(i + 2)) }
        _ = try insert.step()
        try insert.reset()
        var changed: [FieldChange] = []
        if db.changes == 1 {
            // A new record: every non-null field is a change.
            for (i, v) in values.enumerated() where v != .null { changed.append(FieldChange(column: i, value: v)) }
            if table == .enterprises { pendingIndex[key] = values }
        } else {
            guard let current = try read(table: table, key: key) else { return false }
            for (i, v) in values.enumerated() where current[i] != v { changed.append(FieldChange(column: i, value: v)) }
            if changed.isEmpty { return false }
            let update = try db.cached(
                "UPDATE \(table.name) SET "
                    + table.columns.enumerated().map { "\($0.element.name) = ?\($0.offset + 2)" }.joined(
                        separator: ", ")
                    + " WHERE \(table.keyColumn) = ?1")
            try update.bind(text: key, at: 1)
            for (i, v) in values.enumerated() { try bind(v, update, Int32(i + 2)) }
            _ = try update.step()
            try update.reset()
            if table == .enterprises {
                // A row written earlier in this transaction is still pending: only its values change.
                if pendingIndex.updateValue(values, forKey: key) == nil {
                    try EnterpriseIndex.remove(db, key: key, values: current)
                }
            }
        }
        try record(
            Change(
                table: table, key: key, operation: .upsert, fields: changed, hlc: try clock.tick(wallMillis: wallMillis)
            ))
        return true
    }

    /// Deletes `key` from `table`; returns whether it existed.
    @discardableResult
    public func delete(table: SyncedTable, key: String) throws -> Bool {
        let old = table == .enterprises ? try read(table: table, key: key) : nil
        let delete = try db.cached(Self.sql[Int(table.rawValue)].delete)
        try delete.bind(text: key, at: 1)
        _ = try delete.step()
        try delete.reset()
        guard db.changes == 1 else { return false }
        if let old, pendingIndex.removeValue(forKey: key) == nil {
            try EnterpriseIndex.remove(db, key: key, values: old)
        }
        try record(
            Change(table: table, key: key, operation: .delete, fields: [], hlc: try clock.tick(wallMillis: wallMillis)))
        return true
    }

    /// Writes the pending index rows in index order; `NodeStore.capture` calls it after the body,
    /// inside the transaction.
    func finish() throws {
        guard !pendingIndex.isEmpty else { return }
        try EnterpriseIndex.insertSorted(db, pendingIndex)
        pendingIndex = [:]
    }

    /// The current values of `key` in `table`, in column order.
    public func read(table: SyncedTable, key: String) throws -> [FieldValue]? {
        try NodeStore.read(db, table: table, key: key)
    }

    /// The statements of each table, built once (indexed by `SyncedTable.rawValue`).
    static let sql: [(insert: String, update: String, delete: String)] =
        (0...Int(SyncedTable.allCases.map(\.rawValue).max() ?? 0)).map { raw in
            guard let table = SyncedTable(rawValue: UInt8(raw)) else { return ("", "", "") }
            return (
                "INSERT INTO \(table.name) (\(SyncedSchema.columnList(table))) VALUES (\(SyncedSchema.placeholders(table))) "
                    + "ON CONFLICT(\(table.keyColumn)) DO NOTHING",
                "UPDATE \(table.name) SET "
                    + table.columns.enumerated().map { "\($0.element.name) = ?\($0.offset + 2)" }.joined(
                        separator: ", ")
                    + " WHERE \(table.keyColumn) = ?1",
                "DELETE FROM \(table.name) WHERE \(table.keyColumn) = ?"
            )
        }

    func record(_ change: Change) throws {
        let insert = try db.cached("INSERT INTO changes (tbl, row_key, op, fields, hlc) VALUES (?, ?, ?, ?, ?)")
        try insert.bind(int64: Int64(change.table.rawValue), at: 1)
        try insert.bind(text: change.key, at: 2)
        try insert.bind(int64: Int64(change.operation.rawValue), at: 3)
        try insert.bind(blob: ChangesetCodec.encodeFields(change.fields), at: 4)
        try insert.bind(int64: Int64(bitPattern: change.hlc.rawValue), at: 5)
        _ = try insert.step()
        try insert.reset()
        changesRecorded += 1
    }

    func bind(_ value: FieldValue, _ statement: Statement, _ index: Int32) throws {
        switch value {
        case .null: try statement.bindNull(at: index)
        case .int(let v): try statement.bind(int64: v, at: index)
        case .text(let s): try statement.bind(text: s, at: index)
        }
    }
}
