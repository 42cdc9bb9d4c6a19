import DistrictSyncCore
import DistrictSyncStore
public import SQLiteDB

/// The city database's schema, as ordered migrations.
///
/// Synced tables are the node's tables plus merge state: `_exists` (0 for a tombstone) and
/// `_versions` (each column's winning (HLC, node), encoded by `VersionCoding`). Reports read
/// `WHERE _exists = 1`. Bookkeeping tables carry UNIQUE constraints so order, duplicates and forks
/// are enforced by the database inside the merge transaction, never by check-then-insert.
public enum HubSchema {
    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "hub: city tables, chain heads, audit",
            sql: SyncedTable.tables(ofSchema: 1).map {
                SyncedSchema.createTable($0, extraColumns: ["_exists INTEGER NOT NULL", "_versions BLOB NOT NULL"])
            }.joined(separator: "\n") + "\n" + SyncedSchema.indexes + """

                -- Every accepted changeset; the exact signed bytes live in the content-addressed store.
                CREATE TABLE accepted (
                    id TEXT PRIMARY KEY NOT NULL,
                    district TEXT NOT NULL,
                    node_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    prev_hash TEXT NOT NULL,
                    signer_fingerprint TEXT NOT NULL,
                    signing_time INTEGER NOT NULL,
                    accepted_at INTEGER NOT NULL,
                    change_count INTEGER NOT NULL,
                    hlc_max INTEGER NOT NULL,
                    UNIQUE (node_id, seq)
                ) STRICT;
                CREATE INDEX accepted_by_time ON accepted(accepted_at);
                -- The head of each node's hash chain.
                CREATE TABLE node_heads (
                    node_id TEXT PRIMARY KEY NOT NULL,
                    district TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    last_accepted_at INTEGER NOT NULL
                ) STRICT;
                -- Changesets that arrived before their predecessor; applied when the gap fills.
                CREATE TABLE held (
                    id TEXT PRIMARY KEY NOT NULL,
                    district TEXT NOT NULL,
                    node_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    prev_hash TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (node_id, seq)
                ) STRICT;
                -- Two different changesets for one (node, seq): neither applies until resolved.
                CREATE TABLE quarantine (
                    id TEXT PRIMARY KEY NOT NULL,
                    district TEXT NOT NULL,
                    node_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    conflicts_with TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    resolved_at INTEGER,
                    resolution TEXT
                ) STRICT;
                -- Signer certificates seen on accepted changesets (for coverage reports).
                CREATE TABLE signers (
                    fingerprint TEXT PRIMARY KEY NOT NULL,
                    district TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    issuer TEXT NOT NULL,
                    serial TEXT NOT NULL,
                    not_before INTEGER NOT NULL,
                    not_after INTEGER NOT NULL,
                    first_used_at INTEGER NOT NULL,
                    last_used_at INTEGER NOT NULL
                ) STRICT;
                -- Certificates without a district URI bound to a district by the operator.
                CREATE TABLE enrollments (
                    fingerprint TEXT PRIMARY KEY NOT NULL,
                    district TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    enrolled_at INTEGER NOT NULL
                ) STRICT;
                -- Signed receipts, one per accepted changeset.
                CREATE TABLE receipts (
                    changeset_id TEXT PRIMARY KEY NOT NULL REFERENCES accepted(id),
                    receipt BLOB NOT NULL
                ) STRICT;
                -- Append-only log of every decision, accepted or not.
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    reason TEXT,
                    detail TEXT,
                    changeset_id TEXT,
                    district TEXT,
                    node_id TEXT,
                    changeset_seq INTEGER,
                    source TEXT NOT NULL
                ) STRICT;
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TABLE hub_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
                """)
    ]
}
