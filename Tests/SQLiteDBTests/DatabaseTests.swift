import Foundation
import SQLiteDB
import Testing

@Suite("A Database opens with safe settings and answers maintenance questions")
struct DatabaseTests {
    @Test("file databases use WAL and NORMAL sync; in-memory ones keep the memory journal")
    func journalModes() throws {
        let file = try TestStorage.file.open()
        #expect(try file.journalMode() == "wal")
        #expect(try file.scalar("PRAGMA synchronous") == .integer(1))
        let memory = try TestStorage.memory.open()
        #expect(try memory.journalMode() == "memory")
    }

    @Test("synchronous FULL can be asked for")
    func synchronousFull() throws {
        let db = try Database(path: TemporaryDirectory().path("full.sqlite"), synchronous: .full)
        #expect(try db.scalar("PRAGMA synchronous") == .integer(2))
    }

    @Test("integrity and quick checks say ok on a healthy database", arguments: TestStorage.allCases)
    func integrityCheck(storage: TestStorage) throws {
        let db = try storage.open()
        try db.execute("CREATE TABLE t (x TEXT UNIQUE); INSERT INTO t VALUES ('a'), ('b');")
        #expect(try db.integrityCheck() == ["ok"])
        #expect(try db.quickCheck() == ["ok"])
    }

    @Test("user_version reads back what was set and tableExists sees only tables", arguments: TestStorage.allCases)
    func userVersionAndTables(storage: TestStorage) throws {
        let db = try storage.open()
        #expect(try db.userVersion == 0)
        try db.setUserVersion(7)
        #expect(try db.userVersion == 7)
        try db.execute("CREATE TABLE t (x); CREATE VIEW v AS SELECT x FROM t;")
        #expect(try db.tableExists("t"))
        #expect(try !db.tableExists("v"))
        #expect(try !db.tableExists("missing"))
    }

    @Test("the statement cache returns the same reset statement for the same SQL")
    func statementCache() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        let first = try db.cached("INSERT INTO t VALUES (?)")
        for value in 0..<100 { try db.cached("INSERT INTO t VALUES (?)").run([.integer(Int64(value))]) }
        #expect(try db.cached("INSERT INTO t VALUES (?)") === first)
        let select = try db.cached("SELECT x FROM t ORDER BY x")
        #expect(try select.step())
        #expect(select.int64(at: 0) == 0)
        // Asking again resets it, so stepping starts from the first row.
        #expect(try db.cached("SELECT x FROM t ORDER BY x").step())
        #expect(select.int64(at: 0) == 0)
        #expect(try db.scalar("SELECT sum(x) FROM t") == .integer(4950))
    }

    @Test("checkpoint empties the WAL into the database file")
    func checkpoint() throws {
        let path = TemporaryDirectory().path("wal.sqlite")
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        let result = try db.checkpoint(.truncate)
        #expect(result.walFrames == result.checkpointedFrames)
        let walSize = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        #expect(walSize == 0)
    }

    @Test("a read-only connection sees data but cannot write")
    func readOnly() throws {
        let path = TemporaryDirectory().path("ro.sqlite")
        let writer = try Database(path: path)
        try writer.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        let reader = try Database(path: path, mode: .readOnly)
        #expect(try reader.scalar("SELECT x FROM t") == .integer(1))
        let error = try #require(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (?)", [2]) }
        #expect(error.code == 8)  // SQLITE_READONLY
    }

    @Test("the library version is the system SQLite 3.x")
    func libraryVersion() {
        #expect(Database.libraryVersion.hasPrefix("3."))
    }

    @Test("column names come from the statement")
    func columnNames() throws {
        let db = try Database(path: ":memory:")
        let statement = try db.prepare("SELECT 1 AS one, 'a' AS letter")
        #expect(statement.columnNames == ["one", "letter"])
        #expect(statement.columnName(at: 1) == "letter")
    }

    @Test("a statement kept after close is still safe to release")
    func statementOutlivesClose() throws {
        var db: Database? = try Database(path: ":memory:")
        let statement = try db?.prepare("SELECT 1")
        db?.close()
        db = nil
        #expect(statement?.sql == "SELECT 1")
    }

    @Test("the raw handle is lent for direct SQLite calls")
    func unsafeHandle() throws {
        let db = try Database(path: ":memory:")
        let handle = try db.withUnsafeHandle { $0 }
        #expect(UInt(bitPattern: handle) != 0)
        db.close()
        #expect(throws: SQLiteError.self) { try db.withUnsafeHandle { _ in () } }
    }
}
