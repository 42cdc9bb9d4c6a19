import SQLiteDB

/// The service's door to its tables (`HubStore`), and the queries of the stored-copy rule and the
/// dashboard cache (issue 12).
extension HubService {
    /// The service's tables (`HubStore`), on its connection.
    var store: HubStore { HubStore(db: db) }

    /// True when a row of `accepted`, `held` or `quarantine` names changeset `id`.
    func isReferenced(id: String) throws -> Bool {
        try db.scalar(
            "SELECT 1 FROM accepted WHERE id = ?1 UNION ALL SELECT 1 FROM held WHERE id = ?1 "
                + "UNION ALL SELECT 1 FROM quarantine WHERE id = ?1 LIMIT 1", [.text(id)]) != nil
    }

    /// Takes the write lock and releases it at once (readiness): throws when another process holds
    /// it past the busy timeout or the database cannot be written.
    func canWrite() throws {
        try db.transaction(.immediate) {}
    }

    /// How many changesets have been accepted (the dashboard cache's key).
    public func acceptedCount() throws -> Int64 {
        try store.acceptedCount()
    }

    /// Checks every city row against its checksum (`CityIntegrity`); throws `hub_db_corrupt` on a mismatch.
    public func verifyCityIntegrity() throws {
        try CityIntegrity.verify(db)
    }
}
