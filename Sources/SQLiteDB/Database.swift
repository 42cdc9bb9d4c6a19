internal import CSQLite

/// One SQLite connection: open in `init`, closed in `close()` or `deinit`.
///
/// Not Sendable: use one `Database` per thread or actor. Opening sets `foreign_keys=ON`, a busy
/// timeout, `journal_mode=WAL` for file databases and `synchronous` (NORMAL unless FULL is asked).
public final class Database {
    /// How the file is opened.
    public enum OpenMode: Sendable {
        /// Read only; the file must exist.
        case readOnly
        /// Read and write; the file must exist.
        case readWrite
        /// Read and write, creating the file when missing.
        case readWriteCreate
    }

    /// The `synchronous` pragma: NORMAL is durable against application crashes in WAL mode and
    /// much faster; FULL also survives power loss for the last commits.
    public enum Synchronous: String, Sendable {
        /// `PRAGMA synchronous=NORMAL`.
        case normal = "NORMAL"
        /// `PRAGMA synchronous=FULL`.
        case full = "FULL"
    }

    /// The path given at open (`:memory:` for an in-memory database).
    public let path: String
    private var rawHandle: OpaquePointer?
    var statementCache: [String: Statement] = [:]
    var savepointDepth = 0
    /// Cached statements kept before the cache is emptied; bounds memory when SQL is dynamic.
    static let statementCacheLimit = 256

    /// Process-wide settings applied once, before the first connection initialises the library:
    /// no memory statistics (they lock a global mutex on every allocation; a hub import spent 4 % there).
    private static let libraryConfigured: Bool = csqlite_disable_memstatus() == SQLITE_OK

    /// Opens (or creates) the database at `path` and applies the connection pragmas.
    ///
    /// A file that is not a database opens without error; the first statement that reads it
    /// throws an error with `isCorrupt` (SQLITE_NOTADB). For file databases that is the WAL pragma.
    public init(
        path: String, mode: OpenMode = .readWriteCreate, busyTimeoutMs: Int32 = 5000,
        synchronous: Synchronous = .normal
    ) throws(SQLiteError) {
        self.path = path
        _ = Self.libraryConfigured
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        do {
            try SQLiteError.check(rc, handle, sql: nil)
        } catch {
            // sqlite3_open_v2 allocates a handle even on failure; it must still be closed.
            sqlite3_close_v2(handle)
            throw error
        }
        guard let handle else { throw SQLiteError.misuse("sqlite3_open_v2 returned no handle") }
        rawHandle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMs)
        do {
            try SQLiteError.check(RowChecksum.register(handle), handle, sql: nil)
            try SQLiteError.check(ContainsFunction.register(handle), handle, sql: nil)
            try execute("PRAGMA foreign_keys=ON")
            if !isInMemory && mode != .readOnly {
                try execute("PRAGMA journal_mode=WAL")
            }
            try execute("PRAGMA synchronous=\(synchronous.rawValue)")
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// True for `:memory:`, the empty (temporary) path and `file::memory:` URIs.
    public var isInMemory: Bool {
        path == ":memory:" || path.isEmpty || path.hasPrefix("file::memory:")
    }

    /// True once `close()` has run.
    public var isClosed: Bool { rawHandle == nil }

    /// The open connection handle, or a misuse error after `close()`.
    func connection() throws(SQLiteError) -> OpaquePointer {
        guard let rawHandle else { throw SQLiteError.misuse("database is closed") }
        return rawHandle
    }

    /// The connection handle for non-throwing accessors; using a closed database is a programming error.
    var openHandle: OpaquePointer {
        guard let rawHandle else { preconditionFailure("Database used after close()") }
        return rawHandle
    }

    /// Closes the connection; safe to call twice.
    ///
    /// Statements still held by callers keep the connection as a zombie until they are released
    /// (`sqlite3_close_v2`).
    public func close() {
        guard let handle = rawHandle else { return }
        statementCache.removeAll()
        sqlite3_close_v2(handle)
        rawHandle = nil
    }

    /// The SQLite library version string, such as "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(openHandle) }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(openHandle)) }

    /// Rows changed since the connection opened.
    public var totalChanges: Int { Int(sqlite3_total_changes64(openHandle)) }

    /// Lends the raw `sqlite3*` handle for the duration of `body`, for benchmarks and diagnostics
    /// that call SQLite directly; don't close it or keep it.
    public func withUnsafeHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try body(connection())
    }

    /// True while a transaction is open (SQLite is not in autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(openHandle) == 0 }

    /// True when the main database was opened read-only (by flag, or because its file or folder
    /// could not be opened for writing).
    public var isReadOnly: Bool { sqlite3_db_readonly(openHandle, "main") == 1 }
}

// One connection per thread or actor (opened with SQLITE_OPEN_NOMUTEX); forbid Sendable so no
// one adds an unchecked conformance elsewhere.
@available(*, unavailable)
extension Database: Sendable {}
