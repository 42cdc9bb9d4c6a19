import SQLiteDB
import Testing

@Suite("The migrator applies each migration once, in order, and refuses newer databases")
struct MigratorTests {
    static let migrations = [
        Migration(
            version: 2, name: "add_household",
            sql: "CREATE TABLE household (id INTEGER PRIMARY KEY, district_id INTEGER REFERENCES district(id));"),
        Migration(
            version: 1, name: "create_district",
            sql: "CREATE TABLE district (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
    ]

    @Test("migrations apply once in version order and a re-run does nothing", arguments: TestStorage.allCases)
    func appliesOnceAndIsIdempotent(storage: TestStorage) throws {
        let db = try storage.open()
        let migrator = Migrator(migrations: Self.migrations, clock: { 1_700_000_000 })
        #expect(try migrator.migrate(db) == [1, 2])
        #expect(try db.userVersion == 2)
        #expect(try db.tableExists("district") && db.tableExists("household"))
        #expect(
            try db.query("SELECT version, name, applied_at_unix FROM schema_migrations ORDER BY version") == [
                [1, "create_district", 1_700_000_000], [2, "add_household", 1_700_000_000],
            ])
        #expect(try migrator.migrate(db) == [])
        #expect(try db.scalar("SELECT count(*) FROM schema_migrations") == .integer(2))
    }

    @Test("a later migrator applies only the new step", arguments: TestStorage.allCases)
    func appliesOnlyPending(storage: TestStorage) throws {
        let db = try storage.open()
        try Migrator(migrations: [Self.migrations[1]]).migrate(db)
        let later = Migrator(
            migrations: Self.migrations + [
                Migration(version: 3, name: "index", sql: "CREATE INDEX household_district ON household(district_id);")
            ])
        #expect(try later.migrate(db) == [2, 3])
        #expect(try db.userVersion == 3)
    }

    @Test("a database with a newer user_version is refused and left untouched")
    func refusesNewerDatabase() throws {
        let db = try Database(path: ":memory:")
        try db.setUserVersion(9)
        let error = try #require(throws: MigrationError.self) {
            try Migrator(migrations: Self.migrations).migrate(db)
        }
        guard case .databaseTooNew(let found, let supported) = error else {
            Issue.record("expected databaseTooNew, got \(error)")
            return
        }
        #expect(found == 9 && supported == 2)
        #expect(error.description.contains("newer DistrictSync"))
        #expect(error.description.contains("Upgrade dsync"))
        #expect(try !db.tableExists("schema_migrations"))
    }

    @Test("a failing migration rolls back its own step and keeps earlier ones")
    func failingMigrationRollsBack() throws {
        let db = try Database(path: ":memory:")
        let broken = Migration(
            version: 3, name: "broken", sql: "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);")
        let error = try #require(throws: MigrationError.self) {
            try Migrator(migrations: Self.migrations + [broken]).migrate(db)
        }
        guard case .migrationFailed(let version, _, let underlying) = error else {
            Issue.record("expected migrationFailed, got \(error)")
            return
        }
        #expect(version == 3)
        #expect(underlying.message.contains("no such table"))
        #expect(try db.userVersion == 2)
        #expect(try !db.tableExists("half"))
    }

    @Test("duplicate versions are rejected before anything runs")
    func duplicateVersions() throws {
        let db = try Database(path: ":memory:")
        let duplicated = Self.migrations + [Migration(version: 2, name: "again", sql: "SELECT 1;")]
        #expect(throws: MigrationError.self) { try Migrator(migrations: duplicated).migrate(db) }
        #expect(try db.userVersion == 0)
    }
}
