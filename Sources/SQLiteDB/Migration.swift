/// One schema step: the SQL that takes the database from `version - 1` (or an earlier step) to `version`.
public struct Migration: Sendable, Hashable {
    /// The `user_version` the database has after this migration; positive and unique.
    public let version: Int
    /// A short name recorded in `schema_migrations`, such as "create_records".
    public let name: String
    /// The SQL script to run; it may hold several statements.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
