internal import CSQLite

/// An error reported by SQLite, carrying its result code and the SQL that failed.
///
/// The message is SQLite's own (`sqlite3_errmsg`), which names tables, columns and constraints but
/// never bound parameter values; this type never records bound values, so record contents stay
/// out of logs. Callers must bind values rather than splice them into SQL text.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …), i.e. the low 8 bits.
    public let code: Int32
    /// The extended result code (for example `SQLITE_CONSTRAINT_UNIQUE`).
    public let extendedCode: Int32
    /// SQLite's English message for the failure.
    public let message: String
    /// The SQL statement (or script) that failed, when there was one.
    public let sql: String?

    /// Builds an error by hand; the wrapper itself builds them from C return codes in `check`.
    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code & 0xff
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// The database is locked by another connection (SQLITE_BUSY) or table (SQLITE_LOCKED); retryable.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    /// True when the database or its journal could not grow: the disk (or quota) is full.
    public var isDiskFull: Bool { code == SQLITE_FULL }

    /// A UNIQUE, NOT NULL, CHECK, PRIMARY KEY or FOREIGN KEY constraint failed.
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }

    /// The file is damaged (SQLITE_CORRUPT) or is not a SQLite database at all (SQLITE_NOTADB).
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }

    /// The wrapper was used incorrectly (closed database, wrong parameter count, several statements).
    public var isMisuse: Bool { code == SQLITE_MISUSE }

    /// SQLite's short name for the extended code, such as "constraint failed".
    public var codeDescription: String { String(cString: sqlite3_errstr(extendedCode)) }

    /// "SQLite error 19/2067 (constraint failed): UNIQUE constraint failed: t.id; SQL: INSERT …".
    public var description: String {
        var text = "SQLite error \(code)"
        if extendedCode != code { text += "/\(extendedCode)" }
        text += " (\(codeDescription)): \(message)"
        if let sql { text += "; SQL: \(sql)" }
        return text
    }

    /// A misuse error raised by the wrapper itself, not by a C call.
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, message: message, sql: sql)
    }

    /// The one place a C return code becomes a Swift error.
    ///
    /// Returns when `rc` is SQLITE_OK; otherwise throws, taking the message from the connection
    /// when it reports the same failure, else SQLite's generic text for the code. Callers that
    /// expect other success codes (SQLITE_ROW, SQLITE_DONE) handle those before calling.
    @inline(__always)
    static func check(_ rc: Int32, _ db: OpaquePointer?, sql: String? = nil) throws(SQLiteError) {
        // Kept allocation-free on success: bind and step call this in hot loops.
        guard rc != SQLITE_OK else { return }
        throw failure(rc, db, sql: sql)
    }

    @inline(never)
    static func failure(_ rc: Int32, _ db: OpaquePointer?, sql: String?) -> SQLiteError {
        var extended = rc
        var message = String(cString: sqlite3_errstr(rc))
        if let db {
            let connectionCode = sqlite3_extended_errcode(db)
            if connectionCode & 0xff == rc & 0xff {
                if rc <= 0xff { extended = connectionCode }
                message = String(cString: sqlite3_errmsg(db))
            }
        }
        return SQLiteError(code: rc, extendedCode: extended, message: message, sql: sql)
    }
}
