import DistrictSyncCore
import SQLiteDB

/// The node-local side table behind the officer's enterprise list: one row per enterprise with
/// its Vietnamese sort key and folded search texts, so that search, filters, counting and paging
/// run in SQLite over an ordered table instead of decoding and sorting every row per request.
///
/// It is not part of the synced schema: no change record, changeset or hub table mentions it. It
/// is written by `ChangeWriter` in the same transaction as every write to `enterprises`, and
/// rebuilt at open when it is missing, of another `version`, or holds another number of rows than
/// `enterprises` (a database written by an older build, restored from a backup, or edited by hand).
///
/// The table is clustered on (sort_key, tax_code) (WITHOUT ROWID): a page is a walk of the table
/// in list order, and the search and the filters read the same row. (An index on the filter columns
/// was tried in version 3: the counts got faster, but SQLite then ran a far page of a filtered list
/// through it and sorted 71,000 rows, 37 ms → 153 ms; version 4 drops it.) A row is found for an
/// update or a delete by the sort key of the values it was written with.
enum EnterpriseIndex {
    /// Bump when the sort key, the folding or the columns change: the table is then rebuilt at open.
    static let version = "4"  // 2: the compact sort key; 3: a filter index; 4: without it
    static let metaKey = "enterprise_index_version"

    static let create = """
        CREATE TABLE IF NOT EXISTS enterprise_index (
            sort_key BLOB NOT NULL,
            tax_code TEXT NOT NULL,
            folded_name TEXT NOT NULL,
            folded_address TEXT NOT NULL,
            folded_ward TEXT NOT NULL,
            sector TEXT NOT NULL,
            size_class TEXT NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (sort_key, tax_code)
        ) WITHOUT ROWID, STRICT;
        CREATE INDEX IF NOT EXISTS enterprise_wards ON enterprises(ward);
        """

    /// Creates the table when missing and rebuilds it when it is not current (see the type's note).
    static func ensure(_ store: NodeStore) throws {
        let db = store.database
        let current =
            try db.tableExists("enterprise_index") && store.meta(metaKey) == version
            && count(db, "SELECT count(*) FROM enterprise_index") == count(db, "SELECT count(*) FROM enterprises")
        if current { return }
        try db.transaction(.immediate) {
            try db.execute("DROP TABLE IF EXISTS enterprise_index")
            try db.execute(create)
            try rebuild(db)
            try store.setMeta(metaKey, version)
        }
    }

    static func count(_ db: Database, _ sql: String) throws -> Int64 {
        try db.scalar(sql)?.int64 ?? 0
    }

    /// Fills the (empty) table from `enterprises`.
    static func rebuild(_ db: Database) throws {
        let table = SyncedTable.enterprises
        let select = try db.prepare("SELECT \(SyncedSchema.columnList(table)) FROM enterprises")
        try select.forEachRow { row in
            let values = (0..<table.columns.count).map { NodeStore.fieldValue(row.value(at: Int32($0 + 1))) }
            try insert(db, key: row.text(at: 0) ?? "", values: values)
        }
    }

    /// Adds the rows of `rows` (tax code → values in column order) in the table's order, so the
    /// B-tree is filled from left to right (`ChangeWriter.finish`).
    static func insertSorted(_ db: Database, _ rows: [String: [FieldValue]]) throws {
        var keyed = rows.map { (sortKey: sortKey($0.value), key: $0.key, values: $0.value) }
        keyed.sort { a, b in
            a.sortKey == b.sortKey
                ? Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8))
                : a.sortKey.lexicographicallyPrecedes(b.sortKey)
        }
        for row in keyed { try insert(db, key: row.key, values: row.values, sortKey: row.sortKey) }
    }

    /// Adds the row of enterprise `key` with `values` (in column order).
    static func insert(_ db: Database, key: String, values: [FieldValue], sortKey key8: [UInt8]? = nil) throws {
        let t = SyncedTable.enterprises
        let statement = try db.cached(
            "INSERT OR REPLACE INTO enterprise_index (sort_key, tax_code, folded_name, folded_address, folded_ward, "
                + "sector, size_class, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        try statement.bind(blob: key8 ?? sortKey(values), at: 1)
        try statement.bind(text: key, at: 2)
        try statement.bind(text: VietnameseText.folded(values.text("name", in: t)), at: 3)
        try statement.bind(text: VietnameseText.folded(values.text("address", in: t)), at: 4)
        try statement.bind(text: VietnameseText.folded(values.text("ward", in: t)), at: 5)
        try statement.bind(text: values.text("sector", in: t), at: 6)
        try statement.bind(text: values.text("size_class", in: t), at: 7)
        try statement.bind(text: values.text("status", in: t), at: 8)
        _ = try statement.step()
        statement.reset()
    }

    /// Removes the row of enterprise `key` that was written with `values`; when none is found
    /// there (a table out of step), any row of that tax code.
    static func remove(_ db: Database, key: String, values: [FieldValue]) throws {
        let exact = try db.cached("DELETE FROM enterprise_index WHERE sort_key = ? AND tax_code = ?")
        try exact.bind(blob: sortKey(values), at: 1)
        try exact.bind(text: key, at: 2)
        _ = try exact.step()
        exact.reset()
        if db.changes == 0 {
            try db.cached("DELETE FROM enterprise_index WHERE tax_code = ?").run([.text(key)])
        }
    }

    static func sortKey(_ values: [FieldValue]) -> [UInt8] {
        VietnameseCollation.sortKey(values.text("name", in: .enterprises))
    }
}
