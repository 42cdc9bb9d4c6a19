import Foundation
import SQLiteDB
import Testing

@Suite("Errors keep the SQLite code and SQL but never bound values")
struct ErrorTests {
    @Test("a UNIQUE violation is a constraint error naming the SQL, not the values", arguments: TestStorage.allCases)
    func constraintViolation(storage: TestStorage) throws {
        let db = try storage.open()
        try db.execute("CREATE TABLE person (national_id TEXT PRIMARY KEY, name TEXT NOT NULL)")
        let sql = "INSERT INTO person (national_id, name) VALUES (?, ?)"
        try db.execute(sql, ["079201000123", "Trần Văn Bảy"])
        let error = try #require(throws: SQLiteError.self) {
            try db.execute(sql, ["079201000123", "Lê Thị Tám"])
        }
        #expect(error.isConstraint)
        #expect(!error.isBusy && !error.isCorrupt)
        #expect(error.extendedCode != error.code)  // SQLITE_CONSTRAINT_PRIMARYKEY, not the bare code
        #expect(error.sql == sql)
        #expect(error.message.contains("person.national_id"))
        for secret in ["079201000123", "Lê Thị Tám", "Trần Văn Bảy"] {
            #expect(!error.description.contains(secret))
        }
        #expect(error.description.contains(sql))
    }

    @Test("foreign keys are enforced", arguments: TestStorage.allCases)
    func foreignKeysEnforced(storage: TestStorage) throws {
        let db = try storage.open()
        try db.execute(
            """
            CREATE TABLE district (id INTEGER PRIMARY KEY);
            CREATE TABLE household (id INTEGER PRIMARY KEY, district_id INTEGER NOT NULL REFERENCES district(id));
            """)
        #expect(try db.scalar("PRAGMA foreign_keys") == .integer(1))
        let error = try #require(throws: SQLiteError.self) {
            try db.execute("INSERT INTO household (id, district_id) VALUES (?, ?)", [1, 99])
        }
        #expect(error.isConstraint)
        #expect(error.message.contains("FOREIGN KEY"))
    }

    @Test("a writer holding BEGIN IMMEDIATE makes a second connection's BEGIN IMMEDIATE fail as busy")
    func busyAfterTimeout() throws {
        let path = TemporaryDirectory().path("busy.sqlite")
        let writer = try Database(path: path)
        try writer.execute("CREATE TABLE t (x INTEGER)")
        let other = try Database(path: path, busyTimeoutMs: 50)
        try writer.execute("BEGIN IMMEDIATE")
        let started = Date()
        let error = try #require(throws: SQLiteError.self) {
            try other.transaction(.immediate) { try other.execute("INSERT INTO t VALUES (?)", [1]) }
        }
        #expect(error.isBusy)
        #expect(Date().timeIntervalSince(started) < 3)
        try writer.execute("COMMIT")
        try other.transaction { try other.execute("INSERT INTO t VALUES (?)", [1]) }
        #expect(try writer.scalar("SELECT count(*) FROM t") == .integer(1))
    }

    @Test("a file of garbage bytes is reported as corrupt (not a database) on first use")
    func garbageFileIsCorrupt() throws {
        let path = TemporaryDirectory().path("garbage.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SQLiteError.self) {
            let db = try Database(path: path)
            _ = try db.query("SELECT name FROM sqlite_schema")
        }
        #expect(error.isCorrupt)
        #expect(error.code == 26)  // SQLITE_NOTADB
    }

    @Test("opening a missing file read-write without create fails")
    func readWriteRequiresExistingFile() throws {
        let path = TemporaryDirectory().path("missing.sqlite")
        let error = try #require(throws: SQLiteError.self) {
            _ = try Database(path: path, mode: .readWrite)
        }
        #expect(error.code == 14)  // SQLITE_CANTOPEN
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("prepare refuses two statements and an empty string instead of ignoring text")
    func prepareRefusesScripts() throws {
        let db = try Database(path: ":memory:")
        let twoStatements = try #require(throws: SQLiteError.self) { _ = try db.prepare("SELECT 1; SELECT 2") }
        #expect(twoStatements.isMisuse)
        let empty = try #require(throws: SQLiteError.self) { _ = try db.prepare("  -- nothing") }
        #expect(empty.isMisuse)
        #expect(try db.prepare("SELECT 1; -- trailing comment").columnCount == 1)
    }

    @Test("a syntax error keeps SQLite's message and the SQL")
    func syntaxError() throws {
        let db = try Database(path: ":memory:")
        let error = try #require(throws: SQLiteError.self) { try db.execute("SELEC 1") }
        #expect(error.code == 1)
        #expect(error.message.contains("syntax error"))
        #expect(error.sql == "SELEC 1")
    }

    @Test("binding the wrong number of parameters is a misuse error")
    func wrongParameterCount() throws {
        let db = try Database(path: ":memory:")
        let error = try #require(throws: SQLiteError.self) { _ = try db.query("SELECT ?, ?", [1]) }
        #expect(error.isMisuse)
        #expect(error.message.contains("expected 2 parameters, got 1"))
    }

    @Test("a closed database refuses work with a misuse error")
    func closedDatabase() throws {
        let db = try Database(path: ":memory:")
        db.close()
        db.close()
        #expect(db.isClosed)
        let error = try #require(throws: SQLiteError.self) { try db.execute("SELECT 1") }
        #expect(error.isMisuse)
    }
}
