import SQLiteDB
import Testing

struct Boom: Error {}

@Suite("Transactions commit on success and roll back on throw")
struct TransactionTests {
    @Test("a throwing body leaves nothing behind", arguments: TestStorage.allCases)
    func rollbackOnThrow(storage: TestStorage) throws {
        let db = try storage.open()
        try db.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (?)", [1])
                try db.execute("INSERT INTO t VALUES (?)", [2])
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == .integer(0))
        #expect(!db.isInTransaction)
    }

    @Test("a returning body commits and its value comes back", arguments: TestStorage.allCases)
    func commitOnSuccess(storage: TestStorage) throws {
        let db = try storage.open()
        try db.execute("CREATE TABLE t (x INTEGER)")
        let id = try db.transaction(.deferred) { () throws -> Int64 in
            try db.execute("INSERT INTO t VALUES (?)", [5])
            return db.lastInsertRowID
        }
        #expect(id == 1)
        #expect(db.changes == 1)
        #expect(try db.scalar("SELECT x FROM t") == .integer(5))
        #expect(!db.isInTransaction)
    }

    @Test("a nested transaction uses a savepoint and rolls back only the inner part", arguments: TestStorage.allCases)
    func nestedSavepoint(storage: TestStorage) throws {
        let db = try storage.open()
        try db.execute("CREATE TABLE t (x INTEGER)")
        try db.transaction {
            try db.execute("INSERT INTO t VALUES (?)", [1])
            #expect(throws: Boom.self) {
                try db.transaction {
                    try db.execute("INSERT INTO t VALUES (?)", [2])
                    throw Boom()
                }
            }
            #expect(db.isInTransaction)
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (?)", [3])
            }
        }
        #expect(try db.query("SELECT x FROM t ORDER BY x") == [[1], [3]])
    }

    @Test("an outer throw undoes inner savepoints that were released")
    func outerThrowUndoesInner() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.transaction { try db.execute("INSERT INTO t VALUES (?)", [1]) }
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == .integer(0))
    }
}
