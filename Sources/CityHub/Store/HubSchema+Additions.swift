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
        ]
    }

    /// Tables a hub database must have (checked on open).
    static let requiredTables = [
        "officers", "trainings", "enterprises", "surveys", "accepted", "node_heads", "held", "quarantine",
        "signers", "enrollments", "receipts", "audit_log", "hub_meta",
    ]
}
