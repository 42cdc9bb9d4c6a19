public import DistrictSyncCore
public import SQLiteDB

/// The node database's schema, as ordered migrations.
public enum NodeSchema {
    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "node: synced tables, change log, outbox",
            sql: SyncedTable.tables(ofSchema: 1).map { SyncedSchema.createTable($0) }.joined(separator: "\n") + "\n"
                + SyncedSchema.indexes + """

                    CREATE TABLE node_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
                    -- One row per captured change, written in the same transaction as the data it describes.
                    CREATE TABLE changes (
                        seq INTEGER PRIMARY KEY,
                        tbl INTEGER NOT NULL,
                        row_key TEXT NOT NULL,
                        op INTEGER NOT NULL,
                        fields BLOB NOT NULL,
                        hlc INTEGER NOT NULL,
                        changeset_seq INTEGER REFERENCES changesets(seq)
                    ) STRICT;
                    CREATE INDEX changes_pending ON changes(seq) WHERE changeset_seq IS NULL;
                    -- The outbox: every signed changeset this node made, in chain order.
                    CREATE TABLE changesets (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        prev_hash TEXT NOT NULL,
                        file BLOB NOT NULL,
                        change_count INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        delivered_at INTEGER,
                        receipt BLOB
                    ) STRICT;
                    """),
        Migration(
            version: 2, name: "node: survey answers' own-year figures (synced schema 2)",
            sql: SyncedSchema.createTable(.surveyFigures) + "\n" + SyncedSchema.surveyFiguresIndex),
        Migration(
            version: 3, name: "node: the hub's last answer to each changeset it did not give a receipt for",
            sql: """
                -- What the hub answered when it gave no receipt (held, rejected, quarantined...): the
                -- hub's own words over its pinned TLS, kept so that the officer sees them after the
                -- sync that got them. Never a proof of delivery: only a verified receipt is.
                CREATE TABLE hub_answers (
                    changeset_id TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    reason TEXT,
                    message TEXT,
                    http_status INTEGER NOT NULL,
                    answered_at INTEGER NOT NULL
                ) STRICT;
                """),
    ]

    /// Refuses a database in which a synced table lost its primary key: the change log and the
    /// hub's merge both key on it (threat S5).
    public static func assertPrimaryKeys(_ db: Database) throws {
        for table in SyncedTable.allCases {
            let rows = try db.query("SELECT name FROM pragma_table_info(?) WHERE pk > 0", [.text(table.name)])
            guard rows.count == 1, rows[0].first == .text(table.keyColumn) else {
                throw StoreError(
                    "schema_no_primary_key",
                    LocalizedText(
                        vi:
                            "bảng \(table.name) không có khoá chính \(table.keyColumn); cơ sở dữ liệu bị hỏng hoặc đã bị sửa bằng tay",
                        en:
                            "table \(table.name) has no primary key \(table.keyColumn); the database is damaged or was edited by hand"
                    )
                )
            }
        }
    }
}
