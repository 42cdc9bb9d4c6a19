internal import CSQLite

/// A SQLite session: records row changes on one connection and returns them as a changeset.
///
/// Only tables with a declared PRIMARY KEY are recorded (SQLite session extension rules).
/// The session keeps its database alive; closing the database deletes the session first.
public final class Session {
    /// The database this session records.
    public let database: Database
    private var handle: OpaquePointer?

    /// Creates a session on the `main` schema; call `attach(table:)` to choose what it records.
    public init(database: Database) throws(SQLiteError) {
        self.database = database
        let connection = try database.connection()
        var session: OpaquePointer?
        try SQLiteError.check(sqlite3session_create(connection, "main", &session), connection)
        handle = session
        database.sessions.removeAll { $0.session == nil }
        database.sessions.append(WeakSession(session: self))
    }

    deinit {
        invalidate()
    }

    /// Deletes the C session; called by deinit and by `Database.close()`.
    func invalidate() {
        if let handle { sqlite3session_delete(handle) }
        handle = nil
    }

    private func requireHandle() throws(SQLiteError) -> OpaquePointer {
        guard let handle else { throw SQLiteError.misuse("session used after its database closed") }
        return handle
    }

    /// Starts recording one table, or every table when `table` is nil.
    public func attach(table: String?) throws(SQLiteError) {
        let session = try requireHandle()
        let rc: Int32
        if let table {
            rc = sqlite3session_attach(session, table)
        } else {
            rc = sqlite3session_attach(session, nil)
        }
        try SQLiteError.check(rc, database.connection())
    }

    /// True when nothing has been recorded yet.
    public var isEmpty: Bool {
        guard let handle else { return true }
        return sqlite3session_isempty(handle) != 0
    }

    /// The recorded changes as a changeset blob (SQLite's binary changeset format).
    public func changeset() throws(SQLiteError) -> [UInt8] {
        let session = try requireHandle()
        var size: Int32 = 0
        var buffer: UnsafeMutableRawPointer?
        let rc = sqlite3session_changeset(session, &size, &buffer)
        defer { sqlite3_free(buffer) }
        try SQLiteError.check(rc, database.connection())
        guard let buffer, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: buffer, count: Int(size)))
    }
}

// A session is tied to its connection's thread, like the connection itself.
@available(*, unavailable)
extension Session: Sendable {}
