extension Database {
    /// How a top-level transaction takes its locks (`BEGIN DEFERRED/IMMEDIATE/EXCLUSIVE`).
    public enum TransactionKind: String, Sendable {
        /// Locks on first read or write; may fail with SQLITE_BUSY when upgrading to write.
        case deferred = "DEFERRED"
        /// Takes the write lock at BEGIN, so a busy database fails early, where it can be retried.
        case immediate = "IMMEDIATE"
        /// Like immediate; in WAL mode the same as immediate.
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    ///
    /// A call inside another transaction uses a SAVEPOINT instead (`kind` is then ignored), so a
    /// throwing inner body undoes only its own changes. Errors from BEGIN or COMMIT are thrown too,
    /// which is why this is `throws` rather than `rethrows`; BEGIN fails with `isBusy` when another
    /// connection holds the write lock past the busy timeout.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction {
            return try savepoint(body)
        }
        try cached("BEGIN \(kind.rawValue)").run()
        let result: T
        do {
            result = try body()
        } catch {
            rollbackIfOpen()
            throw error
        }
        do {
            try cached("COMMIT").run()
        } catch {
            rollbackIfOpen()
            throw error
        }
        return result
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "dsync_sp_\(savepointDepth)"
        try cached("SAVEPOINT \(name)").run()
        let result: T
        do {
            result = try body()
        } catch {
            // ROLLBACK TO keeps the savepoint open; RELEASE then removes it. If SQLite already
            // rolled back the whole transaction (e.g. after SQLITE_FULL), both fail harmlessly.
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
        try cached("RELEASE \(name)").run()
        return result
    }

    // Some errors make SQLite roll back by itself; a second ROLLBACK would then fail.
    private func rollbackIfOpen() {
        if !isClosed && isInTransaction {
            try? execute("ROLLBACK")
        }
    }
}
