import SQLiteDB
import Testing

@Suite("Values round-trip through SQLite unchanged")
struct SQLValueRoundTripTests {
    static let values: [SQLValue] = [
        .null,
        .integer(0), .integer(Int64.max), .integer(Int64.min),
        .real(3.25), .real(-0.5),
        .text(""), .text("hello"),
        .text("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"),
        .text("Hà Nội – Đống Đa – Ngõ 5 ✓ 🇻🇳"),
        .blob([]), .blob([0, 1, 2, 255, 0]),
    ]

    @Test("every SQLValue kind reads back equal, bound by the generic bind", arguments: TestStorage.allCases)
    func roundTripEveryKind(storage: TestStorage) throws {
        let db = try storage.open()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        for (index, value) in Self.values.enumerated() {
            try db.execute("INSERT INTO t (id, v) VALUES (?, ?)", [.integer(Int64(index)), value])
        }
        let rows = try db.query("SELECT v FROM t ORDER BY id")
        #expect(rows.map { $0[0] } == Self.values)
        // String == ignores Unicode normalisation; compare the stored bytes too.
        let storedBytes = rows.map { $0[0].string.map { Array($0.utf8) } }
        #expect(storedBytes == Self.values.map { $0.string.map { Array($0.utf8) } })
    }

    @Test("text with an embedded NUL keeps every byte")
    func embeddedNul() throws {
        let db = try Database(path: ":memory:")
        let text = "Quận\u{0}Hai"
        let row = try #require(try db.queryOne("SELECT ?1, length(CAST(?1 AS BLOB))", [.text(text)]))
        #expect(row[0].string.map { Array($0.utf8) } == Array(text.utf8))
        #expect(row[1] == .integer(Int64(text.utf8.count)))
    }

    @Test("forEachRow visits every row with typed readers")
    func forEachRow() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER, name TEXT); INSERT INTO t VALUES (1, 'Vinh'), (2, 'Huế');")
        var seen: [String] = []
        try db.cached("SELECT x, name FROM t WHERE x >= ? ORDER BY x").forEachRow([1]) { row in
            seen.append("\(row.int64(at: 0)):\(row.text(at: 1) ?? "-")")
        }
        #expect(seen == ["1:Vinh", "2:Huế"])
    }

    @Test("text with multi-byte characters keeps its byte length and empty text is not NULL")
    func textIsNotTruncatedOrNulled() throws {
        let db = try Database(path: ":memory:")
        let name = "Nguyễn Thị Minh Khai"
        let row = try #require(
            try db.queryOne("SELECT length(?1), length(CAST(?1 AS BLOB)), ?2 IS NULL", [.text(name), ""]))
        #expect(row == [.integer(Int64(name.count)), .integer(Int64(name.utf8.count)), .integer(0)])
    }

    @Test("an empty blob stays an empty blob, not NULL")
    func emptyBlobIsNotNull() throws {
        let db = try Database(path: ":memory:")
        let row = try #require(try db.queryOne("SELECT typeof(?), length(?)", [.blob([]), .blob([])]))
        #expect(row == [.text("blob"), .integer(0)])
    }

    @Test("typed binds and typed column readers agree with SQLValue")
    func typedBindsAndReaders() throws {
        let db = try Database(path: ":memory:")
        let statement = try db.prepare("SELECT ?, ?, ?, ?, ?")
        try statement.bind(int64: 42, at: 1)
        try statement.bind(double: 1.5, at: 2)
        try statement.bind(text: "Huế", at: 3)
        try statement.bind(blob: [9, 8], at: 4)
        try statement.bindNull(at: 5)
        #expect(try statement.step())
        #expect(statement.int64(at: 0) == 42)
        #expect(statement.double(at: 1) == 1.5)
        #expect(statement.text(at: 2) == "Huế")
        #expect(statement.blob(at: 3) == [9, 8])
        #expect(statement.text(at: 4) == nil)
        #expect(statement.blob(at: 4) == nil)
        #expect(statement.value(at: 4) == .null)
        #expect(statement.columnCount == 5)
        #expect(try statement.step() == false)
    }

    @Test("accessors return the payload only for their own case")
    func accessors() {
        #expect(SQLValue.integer(7).int64 == 7)
        #expect(SQLValue.text("7").int64 == nil)
        #expect(SQLValue.text("a").string == "a")
        #expect(SQLValue.blob([1]).bytes == [1])
        #expect(SQLValue.real(2).double == 2)
        let literals: [SQLValue] = [nil, 1, 2.5, "x", true]
        #expect(literals == [.null, .integer(1), .real(2.5), .text("x"), .integer(1)])
    }

    @Test("describing a value never shows its contents")
    func descriptionHidesContents() {
        #expect(SQLValue.text("secret").description == "TEXT(6 bytes)")
        #expect(!"\(SQLValue.blob([1, 2]))".contains("1"))
    }
}
