public import SQLiteDB

extension HubSchema {
    /// The contract migrations plus the hub's own additions (indexes only; nothing renamed or dropped).
    public static var allMigrations: [Migration] {
        migrations + [
            Migration(
                version: 2, name: "hub: lookup indexes for audit and quarantine",
                sql: """
                    CREATE INDEX audit_by_changeset ON audit_log(changeset_id);
                    CREATE INDEX audit_by_district ON audit_log(district, outcome);
                    CREATE INDEX quarantine_by_node ON quarantine(node_id, seq);
                    """)
        ]
    }

    /// Tables a hub database must have (checked on open).
    static let requiredTables = [
        "officers", "trainings", "enterprises", "surveys", "accepted", "node_heads", "held", "quarantine",
        "signers", "enrollments", "receipts", "audit_log", "hub_meta",
    ]
}
