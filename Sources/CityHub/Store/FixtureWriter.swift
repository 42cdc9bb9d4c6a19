package import DistrictSyncCore
package import SQLiteDB

/// Rows written straight into a hub database, bypassing verify and merge: only for
/// `dsync dev hub-fixture` (a synthetic hub for report benchmarks).
package struct FixtureWriter {
    let db: Database

    package init(db: Database) { self.db = db }

    /// An accepted changeset row (no prev hash, no changes, HLC 0).
    package func insertAccepted(
        id: String, district: String, nodeID: String, seq: Int64, signerFingerprint: String, at: Int64
    ) throws {
        try db.execute(
            """
            INSERT INTO accepted (id, district, node_id, seq, prev_hash, signer_fingerprint,
                signing_time, accepted_at, change_count, hlc_max) VALUES (?, ?, ?, ?, '', ?, ?, ?, 0, 0)
            """,
            [
                .text(id), .text(district), .text(nodeID), .integer(seq), .text(signerFingerprint), .integer(at),
                .integer(at),
            ])
    }

    /// A signer row issued by `CN=City CA`.
    package func insertSigner(
        fingerprint: String, district: String, subject: String, serial: String, notBefore: Int64, notAfter: Int64,
        firstUsedAt: Int64
    ) throws {
        try db.execute(
            """
            INSERT INTO signers (fingerprint, district, subject, issuer, serial, not_before, not_after,
                first_used_at, last_used_at) VALUES (?, ?, ?, 'CN=City CA', ?, ?, ?, ?, ?)
            """,
            [
                .text(fingerprint), .text(district), .text(subject), .text(serial), .integer(notBefore),
                .integer(notAfter), .integer(firstUsedAt), .integer(firstUsedAt),
            ])
    }

    /// Inserts rows of `table`, each the key, every column, `_exists`, `_versions`, `_check` in that
    /// order, through one prepared statement.
    package func rowInserter(_ table: SyncedTable) throws -> ([SQLValue]) throws -> Void {
        let names = [table.keyColumn] + table.columns.map(\.name) + ["_exists", "_versions", "_check"]
        let statement = try db.cached(
            "INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        )
        return { params in try statement.run(params) }
    }

    /// Gathers the planner's statistics.
    package func analyze() throws { try db.execute("ANALYZE") }
}
