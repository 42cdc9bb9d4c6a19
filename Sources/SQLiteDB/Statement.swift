internal import CSQLite

/// One prepared SQL statement: prepared in `init`, finalized in `deinit`.
///
/// Parameter indices are 1-based and column indices are 0-based, as in SQLite's C API. A statement
/// belongs to the connection that prepared it and is not Sendable. Obtain one with
/// `Database.prepare(_:)` or, for hot loops, `Database.cached(_:)`.
public final class Statement {
    /// The SQL text this statement was prepared from.
    public let sql: String
    let handle: OpaquePointer
    // The connection handle, kept for error messages. sqlite3_close_v2 keeps it alive (as a
    // "zombie") until every statement is finalized, so it outlives this object.
    let connection: OpaquePointer

    init(connection: OpaquePointer, sql: String, persistent: Bool = false) throws(SQLiteError) {
        self.sql = sql
        self.connection = connection
        var statement: OpaquePointer?
        var tailOffset = 0
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sql.withCString { start in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(connection, start, -1, flags, &statement, &tail)
            if let tail { tailOffset = tail - start }
            return rc
        }
        guard rc == SQLITE_OK else {
            sqlite3_finalize(statement)
            try SQLiteError.check(rc, connection, sql: sql)
            throw SQLiteError.misuse("prepare failed", sql: sql)
        }
        guard let statement else {
            throw SQLiteError.misuse("no SQL statement to prepare (empty or only comments)", sql: sql)
        }
        // A second statement in the text would be silently ignored by step(); refuse it instead.
        if try Self.hasAnotherStatement(sql, after: tailOffset, connection: connection) {
            sqlite3_finalize(statement)
            throw SQLiteError.misuse("prepare accepts one statement; use execute(_:) for scripts", sql: sql)
        }
        self.handle = statement
    }

    deinit {
        sqlite3_finalize(handle)
    }

    private static func hasAnotherStatement(
        _ sql: String, after offset: Int, connection: OpaquePointer
    ) throws(SQLiteError) -> Bool {
        let utf8 = Array(sql.utf8)
        guard offset < utf8.count else { return false }
        let rest = String(decoding: utf8[offset...], as: UTF8.self)
        if rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) { return false }
        var extra: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection, rest, -1, &extra, nil)
        defer { sqlite3_finalize(extra) }
        try SQLiteError.check(rc, connection, sql: sql)
        return extra != nil
    }

    /// The number of `?` parameters the statement expects.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// The number of columns in each result row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of a result column (0-based), as SQLite reports it.
    public func columnName(at index: Int32) -> String {
        guard let name = sqlite3_column_name(handle, index) else { return "" }
        return String(cString: name)
    }

    /// The names of all result columns, in order.
    public var columnNames: [String] { (0..<columnCount).map { columnName(at: $0) } }

    // MARK: Binding

    /// Binds all parameters in order; the count must match `parameterCount`.
    public func bind(_ values: [SQLValue]) throws(SQLiteError) {
        guard values.count == Int(parameterCount) else {
            throw SQLiteError.misuse("expected \(parameterCount) parameters, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value at a 1-based parameter index.
    public func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .null: try bindNull(at: index)
        case .integer(let number): try bind(int64: number, at: index)
        case .real(let number): try bind(double: number, at: index)
        case .text(let text): try bind(text: text, at: index)
        case .blob(let bytes): try bind(blob: bytes, at: index)
        }
    }

    /// Binds an integer at a 1-based parameter index.
    public func bind(int64 value: Int64, at index: Int32) throws(SQLiteError) {
        try SQLiteError.check(sqlite3_bind_int64(handle, index, value), connection, sql: sql)
    }

    /// Binds a double at a 1-based parameter index.
    public func bind(double value: Double, at index: Int32) throws(SQLiteError) {
        try SQLiteError.check(sqlite3_bind_double(handle, index, value), connection, sql: sql)
    }

    /// Binds text as its UTF-8 bytes with an explicit length (no NUL truncation), copied by SQLite.
    public func bind(text value: String, at index: Int32) throws(SQLiteError) {
        var text = value
        let rc = text.withUTF8 { utf8 -> Int32 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                // A NULL pointer would bind SQL NULL; an empty string must stay empty text.
                return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text64(handle, index, $0, UInt64(utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
        try SQLiteError.check(rc, connection, sql: sql)
    }

    /// Binds UTF-8 text that SQLite does not copy: `bytes` must stay valid and unchanged until the
    /// statement is reset (the hub binds straight from a changeset's payload, then steps and resets).
    public func bind(borrowedUTF8 bytes: UnsafeRawBufferPointer, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        if let base = bytes.baseAddress, !bytes.isEmpty {
            rc = sqlite3_bind_text64(
                handle, index, base.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), nil, UInt8(SQLITE_UTF8))
        } else {
            rc = sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
        }
        try SQLiteError.check(rc, connection, sql: sql)
    }

    /// Binds bytes at a 1-based parameter index; an empty array binds an empty blob, not NULL.
    public func bind(blob value: [UInt8], at index: Int32) throws(SQLiteError) {
        let rc = value.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress, !raw.isEmpty else {
                return sqlite3_bind_zeroblob(handle, index, 0)
            }
            return sqlite3_bind_blob64(handle, index, base, UInt64(raw.count), csqlite_transient())
        }
        try SQLiteError.check(rc, connection, sql: sql)
    }

    /// Binds SQL NULL at a 1-based parameter index.
    public func bindNull(at index: Int32) throws(SQLiteError) {
        try SQLiteError.check(sqlite3_bind_null(handle, index), connection, sql: sql)
    }

    // MARK: Stepping

    /// Advances to the next row: true when a row is available, false when the statement is done.
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        try SQLiteError.check(rc, connection, sql: sql)
        return false
    }

    /// Rewinds the statement and clears its bindings so it can run again.
    ///
    /// Any error from the last step was already thrown by `step()`, so reset's echo of it is ignored.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Rewinds the statement but keeps its bindings: for hot loops that bind every parameter
    /// before each step (borrowed bindings then dangle until rebound, and are never read stale).
    public func rewind() {
        sqlite3_reset(handle)
    }

    /// Binds `params`, steps until done and resets; for statements that return no rows.
    public func run(_ params: [SQLValue] = []) throws(SQLiteError) {
        reset()
        defer { reset() }
        try bind(params)
        while try step() {}
    }

    /// Binds `params` and collects every row, then resets.
    public func rows(_ params: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        reset()
        defer { reset() }
        try bind(params)
        var result: [[SQLValue]] = []
        let count = columnCount
        while try step() {
            result.append((0..<count).map { value(at: $0) })
        }
        return result
    }

    /// Binds `params` and calls `body` with the statement positioned on each row, then resets.
    ///
    /// Reads columns without building `[SQLValue]` rows; the statement must not escape `body`.
    public func forEachRow(_ params: [SQLValue] = [], _ body: (Statement) throws -> Void) throws {
        reset()
        defer { reset() }
        try bind(params)
        while try step() {
            try body(self)
        }
    }

    // MARK: Columns of the current row

    /// True when the column (0-based) of the current row is NULL.
    public func isNull(at index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// The column as an integer (SQLite converts other types; NULL reads as 0).
    public func int64(at index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// The column as a double (SQLite converts other types; NULL reads as 0).
    public func double(at index: Int32) -> Double {
        sqlite3_column_double(handle, index)
    }

    /// The column as text, or nil when it is NULL.
    public func text(at index: Int32) -> String? {
        guard !isNull(at: index), let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Calls `body` with the column's UTF-8 text bytes, without making a `String`; nil when NULL.
    /// The buffer is valid only inside `body`.
    public func withUTF8<R>(at index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        // sqlite3_column_text is NULL for an SQL NULL (and points at "" for empty text).
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        return try body(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, index))))
    }

    /// Calls `body` with the column's bytes without copying them (empty for NULL or an empty blob).
    /// The buffer is valid only inside `body`.
    public func withBlob<R>(at index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    /// The column as bytes, or nil when it is NULL; an empty blob reads as `[]`.
    public func blob(at index: Int32) -> [UInt8]? {
        guard !isNull(at: index) else { return nil }
        guard let pointer = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The column as an `SQLValue` of its stored type.
    public func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer(int64(at: index))
        case SQLITE_FLOAT: .real(double(at: index))
        case SQLITE_TEXT: text(at: index).map(SQLValue.text) ?? .null
        case SQLITE_BLOB: blob(at: index).map(SQLValue.blob) ?? .null
        default: .null
        }
    }
}

// A statement belongs to one connection on one thread; forbid Sendable so no one adds it.
@available(*, unavailable)
extension Statement: Sendable {}
