internal import CSQLite

extension Database {
    /// Copies this database into a new file at `path` with SQLite's online backup API
    /// (`sqlite3_backup_init/step/finish`): one step copies every page inside one read transaction of
    /// this connection, so the copy is a consistent snapshot even while other connections keep
    /// writing (WAL). `path` must not exist. A busy or locked source is retried for about
    /// `retryMilliseconds`, then the error is thrown.
    public func backup(to path: String, retryMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        let source = try connection()
        let destination = try Database(path: path, mode: .readWriteCreate)
        defer { destination.close() }
        let target = try destination.connection()
        guard let backup = sqlite3_backup_init(target, "main", source, "main") else {
            throw SQLiteError.failure(sqlite3_errcode(target), target, sql: nil)
        }
        var waited: Int32 = 0
        var rc: Int32
        repeat {
            rc = sqlite3_backup_step(backup, -1)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                guard waited < retryMilliseconds else { break }
                sqlite3_sleep(25)
                waited += 25
            }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let finished = sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else { throw SQLiteError.failure(rc, target, sql: nil) }
        try SQLiteError.check(finished, target, sql: nil)
    }
}
