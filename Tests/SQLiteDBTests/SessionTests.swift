import SQLiteDB
import Testing

@Suite("A session captures changes that apply to another database")
struct SessionTests {
    static let schema = "CREATE TABLE record (id INTEGER PRIMARY KEY, name TEXT, photo BLOB);"

    @Test("inserts captured on one database appear in another", arguments: TestStorage.allCases)
    func capturesAndApplies(storage: TestStorage) throws {
        let node = try storage.open()
        let hub = try storage.open()
        try node.execute(Self.schema)
        try hub.execute(Self.schema)
        let session = try Session(database: node)
        try session.attach(table: nil)
        #expect(session.isEmpty)
        try node.transaction {
            try node.execute("INSERT INTO record VALUES (?, ?, ?)", [1, "Đà Nẵng", .blob([1, 2, 3])])
            try node.execute("INSERT INTO record VALUES (?, ?, ?)", [2, "Cần Thơ", .blob([])])
            try node.execute("INSERT INTO record VALUES (?, ?, ?)", [3, "gone", nil])
            try node.execute("DELETE FROM record WHERE id = ?", [3])
        }
        let changeset = try session.changeset()
        #expect(!changeset.isEmpty)
        #expect(try hub.applyChangeset(changeset, onConflict: .abort) == 0)
        #expect(
            try hub.query("SELECT id, name, photo FROM record ORDER BY id") == [
                [1, "Đà Nẵng", .blob([1, 2, 3])], [2, "Cần Thơ", .blob([])],
            ])
    }

    @Test("conflicting rows follow the policy: replace overwrites, omit keeps, abort throws")
    func conflictPolicies() throws {
        func makeChangeset() throws -> [UInt8] {
            let node = try Database(path: ":memory:")
            try node.execute(Self.schema)
            let session = try Session(database: node)
            try session.attach(table: "record")
            try node.execute("INSERT INTO record (id, name) VALUES (?, ?)", [1, "node"])
            return try session.changeset()
        }
        func makeHub() throws -> Database {
            let hub = try Database(path: ":memory:")
            try hub.execute(Self.schema)
            try hub.execute("INSERT INTO record (id, name) VALUES (?, ?)", [1, "hub"])
            return hub
        }
        let changeset = try makeChangeset()

        let replaced = try makeHub()
        #expect(try replaced.applyChangeset(changeset, onConflict: .replace) == 1)
        #expect(try replaced.scalar("SELECT name FROM record") == "node")

        let omitted = try makeHub()
        #expect(try omitted.applyChangeset(changeset, onConflict: .omit) == 1)
        #expect(try omitted.scalar("SELECT name FROM record") == "hub")

        let aborted = try makeHub()
        let error = try #require(throws: SQLiteError.self) {
            try aborted.applyChangeset(changeset, onConflict: .abort)
        }
        #expect(error.code == 4)  // SQLITE_ABORT
        #expect(try aborted.scalar("SELECT name FROM record") == "hub")
    }

    @Test("a changeset that would break a foreign key is rolled back even under replace")
    func foreignKeyConflictAborts() throws {
        let schema = """
            CREATE TABLE district (id INTEGER PRIMARY KEY);
            CREATE TABLE household (id INTEGER PRIMARY KEY, district_id INTEGER REFERENCES district(id));
            """
        let node = try Database(path: ":memory:")
        try node.execute(schema)
        let session = try Session(database: node)
        try session.attach(table: "household")
        try node.execute("INSERT INTO district VALUES (?)", [7])
        try node.execute("INSERT INTO household VALUES (?, ?)", [1, 7])
        let hub = try Database(path: ":memory:")
        try hub.execute(schema)
        let error = try #require(throws: SQLiteError.self) {
            try hub.applyChangeset(try session.changeset(), onConflict: .replace)
        }
        #expect(error.isConstraint)  // SQLite reports an aborted foreign-key conflict as SQLITE_CONSTRAINT
        #expect(try hub.scalar("SELECT count(*) FROM household") == .integer(0))
        #expect(!hub.isInTransaction)
    }

    @Test("a session attached to one table ignores the others")
    func attachOneTable() throws {
        let db = try Database(path: ":memory:")
        try db.execute(Self.schema + "CREATE TABLE other (id INTEGER PRIMARY KEY);")
        let session = try Session(database: db)
        try session.attach(table: "record")
        try db.execute("INSERT INTO other VALUES (?)", [1])
        #expect(try session.changeset().isEmpty)
        try db.execute("INSERT INTO record (id) VALUES (?)", [1])
        #expect(try !session.changeset().isEmpty)
    }

    @Test("closing the database ends its sessions safely")
    func closeEndsSession() throws {
        let db = try Database(path: ":memory:")
        try db.execute(Self.schema)
        let session = try Session(database: db)
        try session.attach(table: nil)
        db.close()
        let error = try #require(throws: SQLiteError.self) { _ = try session.changeset() }
        #expect(error.isMisuse)
    }
}
