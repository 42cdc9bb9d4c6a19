import DistrictSyncCore
import DistrictSyncStore
public import SQLiteDB

extension HubSchema {
    /// The contract migrations plus the hub's own additions. Version 3 drops the node's secondary
    /// indexes on the synced tables: the hub reads those tables only by primary key (the merge) or
    /// in full (reports scan `WHERE _exists = 1`), so the indexes only cost — a new enterprise was one
    /// b-tree insert more (≈ 20 % of a hub import of new records, BENCHMARKS.md).
    public static var allMigrations: [Migration] {
        migrations + [
            Migration(
                version: 2, name: "hub: lookup indexes for audit and quarantine",
                sql: """
                    CREATE INDEX audit_by_changeset ON audit_log(changeset_id);
                    CREATE INDEX audit_by_district ON audit_log(district, outcome);
                    CREATE INDEX quarantine_by_node ON quarantine(node_id, seq);
                    """),
            Migration(
                version: 3, name: "hub: no secondary indexes on synced tables (read by key or in full)",
                sql: """
                    DROP INDEX IF EXISTS enterprises_by_district;
                    DROP INDEX IF EXISTS surveys_by_tax_code;
                    DROP INDEX IF EXISTS officers_by_district;
                    DROP INDEX IF EXISTS trainings_by_officer;
                    """),
            Migration(version: 4, name: "hub: synced tables as rowid tables (key = unique index)", sql: rowidTables),
            Migration(version: 5, name: "hub: audited ownership transfers (dsync hub transfer)", sql: transfersTable),
            Migration(version: 6, name: "hub: per-row checksums of the city tables", sql: CityIntegrity.migration),
            // Older hubs get their accepted changesets appended in acceptance order on first open
            // (`HubService.backfillLog`).
            Migration(
                version: 7, name: "hub: the city transparency log (RFC 6962 leaves, nodes, checkpoints)",
                sql: LogStore.schema),
            // Synced schema 2: a survey answer's figures for its own year, in the final form of a city
            // table (a rowid table keyed by a unique index, merge state, row checksum).
            Migration(
                version: 8, name: "hub: survey answers' own-year figures (synced schema 2)",
                sql: SyncedSchema.createTable(
                    .surveyFigures,
                    extraColumns: ["_exists INTEGER NOT NULL", "_versions BLOB NOT NULL", "_check INTEGER"],
                    withoutRowID: false)),
            Migration(
                version: 9, name: "hub: witnesses' cosignatures on the city log (issue 16 item 5)",
                sql: WitnessStore.schema),
        ]
    }

    /// Version 4: the synced tables become rowid tables with the key as a unique index. A hub row is
    /// ≈ 170 bytes with its versions; in a WITHOUT ROWID table every insert places the whole row in a
    /// key-ordered b-tree (page splits move whole rows), where a rowid table appends the row and
    /// inserts only the short key into the index. A/B of 7 runs each, 100,000 records: CPU of a
    /// new-records import −13 % (median), of an updates import −17 % (BENCHMARKS.md).
    static var rowidTables: String {
        SyncedTable.tables(ofSchema: 1).map { table in
            let extra = ["_exists INTEGER NOT NULL", "_versions BLOB NOT NULL"]
            let temporary = table.name + "_rowid"
            return SyncedSchema.createTable(table, extraColumns: extra, name: temporary, withoutRowID: false) + "\n"
                + "INSERT INTO \(temporary) SELECT * FROM \(table.name);\n"
                + "DROP TABLE \(table.name);\n"
                + "ALTER TABLE \(temporary) RENAME TO \(table.name);"
        }.joined(separator: "\n")
    }

    /// Version 5: an enterprise (with its survey answers) moved from one unit to another by the hub
    /// operator (`dsync hub transfer`). Replays (`hub check`, as-of reports) apply a transfer after the
    /// accepted changeset whose rowid is `after_accepted` (0: before every changeset).
    static let transfersTable = """
        CREATE TABLE transfers (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            tax_code TEXT NOT NULL,
            from_district TEXT NOT NULL,
            to_district TEXT NOT NULL,
            reason TEXT NOT NULL,
            after_accepted INTEGER NOT NULL
        ) STRICT;
        """

    /// Tables a hub database must have (checked on open).
    static let requiredTables = [
        "officers", "trainings", "enterprises", "surveys", "accepted", "node_heads", "held", "quarantine",
        "signers", "enrollments", "receipts", "audit_log", "hub_meta",
    ]
}
