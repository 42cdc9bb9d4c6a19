import DistrictSyncCore
import DistrictSyncStore
public import SQLiteDB

/// Per-row checksums of the city tables (`_check`, schema 6): `dsync_row_check` (SQLiteDB's
/// `RowChecksum`) over the key, every column, `_exists` and `_versions`, written by the merge in the
/// same statement that writes the row and recomputed on every read that decides something — the
/// merge's own read of a row, `CityDump`, every report (`verify`) and `dsync hub check`. A flipped
/// bit in a row is then `hub_db_corrupt` before it reaches a report or a dump; `PRAGMA quick_check`
/// sees only the b-tree structure, never a changed value.
///
/// SQLite's checksum VFS (ext/misc/cksumvfs.c) would check every page, but Debian's libsqlite3 does
/// not ship it, and it needs a page-reserve rebuild of the file; a row checksum needs neither.
public enum CityIntegrity {
    /// `dsync_row_check(key, c1, …, cn, _exists, _versions)` over the stored row.
    static func storedChecksum(_ table: SyncedTable) -> String {
        "\(RowChecksum.functionName)(\(SyncedSchema.columnList(table)), _exists, _versions)"
    }

    /// The checksum expression of the merge's INSERT, whose parameters are the columns in order,
    /// then `_exists`, `_versions`, the key (?1 … ?n+3).
    static func insertChecksum(_ table: SyncedTable) -> String {
        let n = table.columns.count
        let args = ["?\(n + 3)"] + (1...n).map { "?\($0)" } + ["?\(n + 1)", "?\(n + 2)"]
        return "\(RowChecksum.functionName)(\(args.joined(separator: ", ")))"
    }

    /// The checksum expression of the merge's UPDATE of the columns in `mask`: those columns are the
    /// parameters ?1 … ?k in column order, then `_exists` ?k+1, `_versions` ?k+2, the key ?k+3; the
    /// other columns keep their stored value (SET expressions read the row before the update).
    static func updateChecksum(_ table: SyncedTable, mask: UInt64) -> String {
        var parameter = 0
        var columns: [String] = []
        for (index, column) in table.columns.enumerated() {
            if mask & (1 << UInt64(index)) != 0 {
                parameter += 1
                columns.append("?\(parameter)")
            } else {
                columns.append(column.name)
            }
        }
        let args = ["?\(parameter + 3)"] + columns + ["?\(parameter + 1)", "?\(parameter + 2)"]
        return "\(RowChecksum.functionName)(\(args.joined(separator: ", ")))"
    }

    /// Migration 6: the `_check` column, filled for the rows already there.
    static var migration: String {
        SyncedTable.tables(ofSchema: 1).map { table in
            "ALTER TABLE \(table.name) ADD COLUMN _check INTEGER;\n"
                + "UPDATE \(table.name) SET _check = \(storedChecksum(table));"
        }.joined(separator: "\n")
    }

    /// Throws `hub_db_corrupt` naming the first city row whose checksum does not match its contents.
    public static func verify(_ db: Database) throws {
        try verify(db, tables: SyncedTable.allCases)
    }

    /// Throws `hub_db_corrupt` naming the first row of `tables` whose checksum does not match its
    /// contents.
    static func verify(_ db: Database, tables: [SyncedTable]) throws {
        for table in tables {
            let sql =
                "SELECT \(table.keyColumn) FROM \(table.name) WHERE _check IS NOT \(storedChecksum(table)) LIMIT 1"
            let bad: SQLValue?
            do {
                bad = try db.queryOne(sql)?.first
            } catch {
                throw error.isCorrupt ? damaged(error) : error
            }
            if let bad {
                throw rowDamaged(table, key: bad.string ?? "?")
            }
        }
    }

    /// How many city rows fail their checksum (for `dsync hub check`).
    public static func countDamaged(_ db: Database) throws -> Int {
        var total = 0
        for table in SyncedTable.allCases {
            total += Int(
                try db.scalar("SELECT count(*) FROM \(table.name) WHERE _check IS NOT \(storedChecksum(table))")?
                    .int64 ?? 0)
        }
        return total
    }

    /// Recomputes the checksum of one row (after a hub-side change such as a transfer).
    static func reseal(_ db: Database, _ table: SyncedTable, key: String) throws {
        try db.execute(
            "UPDATE \(table.name) SET _check = \(storedChecksum(table)) WHERE \(table.keyColumn) = ?", [.text(key)])
    }

    /// Recomputes every row's checksum: for test fixtures that write city rows with SQL directly.
    package static func resealAll(_ db: Database) throws {
        for table in SyncedTable.allCases {
            try db.execute("UPDATE \(table.name) SET _check = \(storedChecksum(table))")
        }
    }

    /// Temporary triggers that seal every row inserted with SQL on this connection: for test
    /// fixtures that build a hub database row by row (the hub itself writes `_check` in the merge).
    package static func installSealingTriggers(_ db: Database) throws {
        for table in SyncedTable.allCases {
            try db.execute(
                "CREATE TEMP TRIGGER \(table.name)_sealed AFTER INSERT ON main.\(table.name) BEGIN "
                    + "UPDATE \(table.name) SET _check = \(storedChecksum(table)) WHERE rowid = NEW.rowid; END")
        }
    }

    static func rowDamaged(_ table: SyncedTable, key: String) -> HubError {
        HubError(
            "hub_db_corrupt",
            LocalizedText(
                vi: "một dòng của bảng \(table.name) trong hub.db (khóa \(key)) không khớp mã kiểm tra: tệp "
                    + "đã bị hỏng. Chưa lập báo cáo nào; chạy `dsync hub check`, rồi khôi phục hub.db từ bản "
                    + "sao lưu hoặc dựng lại từ HOME/store",
                en: "a \(table.name) row of hub.db (key \(key)) does not match its checksum: the file was damaged. "
                    + "Nothing was reported; run `dsync hub check`, then restore hub.db from a backup or rebuild it "
                    + "from HOME/store"))
    }

    static func damaged(_ error: SQLiteError) -> HubError {
        HubError(
            "hub_db_corrupt",
            LocalizedText(
                vi: "hub.db bị hỏng (\(error.message)); chạy `dsync hub check`, rồi khôi phục tệp từ bản " + "sao lưu",
                en: "hub.db is damaged (\(error.message)); run `dsync hub check`, then restore it from a backup"))
    }
}
