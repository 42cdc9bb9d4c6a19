internal import CSQLite

extension Database {
    /// Runs a script of one or more statements without parameters (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        let handle = try connection()
        try SQLiteError.check(sqlite3_exec(handle, sql, nil, nil, nil), handle, sql: sql)
    }

    /// Runs one statement with bound parameters, through the statement cache.
    public func execute(_ sql: String, _ params: [SQLValue]) throws(SQLiteError) {
        try cached(sql).run(params)
    }

    /// Prepares a new statement owned by the caller (one statement only).
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(connection: connection(), sql: sql)
    }

    /// Returns a reset statement from this connection's cache, preparing it on first use.
    ///
    /// Use it in hot loops to skip re-parsing. The same `Statement` object comes back for the same
    /// SQL, so don't ask for it again while still stepping through its rows.
    public func cached(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(connection: connection(), sql: sql, persistent: true)
        if statementCache.count >= Self.statementCacheLimit { statementCache.removeAll() }
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement and returns every row.
    public func query(_ sql: String, _ params: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        try cached(sql).rows(params)
    }

    /// Runs one statement and returns its first row, or nil when there is none.
    public func queryOne(_ sql: String, _ params: [SQLValue] = []) throws(SQLiteError) -> [SQLValue]? {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(params)
        guard try statement.step() else { return nil }
        return (0..<statement.columnCount).map { statement.value(at: $0) }
    }

    /// Runs one statement and returns the first column of its first row, or nil when there is none.
    public func scalar(_ sql: String, _ params: [SQLValue] = []) throws(SQLiteError) -> SQLValue? {
        try queryOne(sql, params)?.first
    }

    /// Drops every cached statement (for example before a schema change in a long-lived connection).
    public func clearStatementCache() {
        statementCache.removeAll()
    }
}
