#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// Applies pending migrations in version order, each in its own transaction.
///
/// The schema version lives in `PRAGMA user_version`; each applied step is also recorded in
/// `schema_migrations(version, name, applied_at_unix)` for humans and audits.
public struct Migrator: Sendable {
    /// The known migrations, sorted by version.
    public let migrations: [Migration]
    private let clock: @Sendable () -> Int64

    /// Creates a migrator; `clock` gives the applied time in Unix seconds (injected in tests).
    public init(
        migrations: [Migration],
        clock: @escaping @Sendable () -> Int64 = Migrator.wallClock
    ) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.clock = clock
    }

    /// The default clock: wall time in whole Unix seconds.
    public static let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    /// The newest schema version this migrator knows (0 when it has no migrations).
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings `db` up to `latestVersion`; returns the versions it applied (empty when up to date).
    ///
    /// Throws `MigrationError.databaseTooNew` without writing anything when the database was
    /// written by a newer build.
    @discardableResult
    public func migrate(_ db: Database) throws -> [Int] {
        try validate()
        let found = try db.userVersion
        if found > latestVersion {
            throw MigrationError.databaseTooNew(found: found, supported: latestVersion)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > found {
            let didApply = try db.transaction(.immediate) { () throws -> Bool in
                // Re-read under the write lock: another process may have migrated meanwhile.
                guard try db.userVersion < migration.version else { return false }
                do throws(SQLiteError) {
                    try db.execute(Self.createLedger)
                    try db.execute(migration.sql)
                    try db.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at_unix) VALUES (?, ?, ?)",
                        [.integer(Int64(migration.version)), .text(migration.name), .integer(clock())])
                    try db.setUserVersion(migration.version)
                } catch {
                    throw MigrationError.migrationFailed(
                        version: migration.version, name: migration.name, underlying: error)
                }
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    private static let createLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at_unix INTEGER NOT NULL
        )
        """

    private func validate() throws {
        var previous = 0
        for migration in migrations {
            guard migration.version > 0 else {
                throw MigrationError.invalidMigrations(reason: "version \(migration.version) is not positive")
            }
            guard migration.version != previous else {
                throw MigrationError.invalidMigrations(reason: "version \(migration.version) appears twice")
            }
            previous = migration.version
        }
    }
}
