internal import CSQLite

extension Database {
    /// How much a WAL checkpoint does (`sqlite3_wal_checkpoint_v2` modes).
    public enum CheckpointMode: Sendable {
        /// Copy what can be copied without waiting for readers or writers.
        case passive
        /// Wait for writers, then copy everything.
        case full
        /// Like full, then make the next writer restart the WAL from the start.
        case restart
        /// Like restart, and truncate the WAL file to zero bytes.
        case truncate
    }

    /// `PRAGMA user_version`, the schema version the migrator maintains.
    public var userVersion: Int {
        get throws(SQLiteError) {
            Int(try scalar("PRAGMA user_version")?.int64 ?? 0)
        }
    }

    /// Sets `PRAGMA user_version` (pragmas take no parameters; an Int cannot inject SQL).
    public func setUserVersion(_ version: Int) throws(SQLiteError) {
        try execute("PRAGMA user_version=\(version)")
    }

    /// Runs `PRAGMA integrity_check`; returns `["ok"]` for a healthy database, else the problems.
    public func integrityCheck() throws(SQLiteError) -> [String] {
        try query("PRAGMA integrity_check").compactMap { $0.first?.string }
    }

    /// Runs `PRAGMA quick_check`, a faster check that skips index contents; `["ok"]` when healthy.
    public func quickCheck() throws(SQLiteError) -> [String] {
        try query("PRAGMA quick_check").compactMap { $0.first?.string }
    }

    /// True when a table (not a view or index) with this name exists in the main schema.
    public func tableExists(_ name: String) throws(SQLiteError) -> Bool {
        try scalar("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(name)]) != nil
    }

    /// The journal mode in effect, lowercased ("wal", "delete", "memory", …).
    public func journalMode() throws(SQLiteError) -> String {
        try scalar("PRAGMA journal_mode")?.string?.lowercased() ?? ""
    }

    /// Checkpoints the WAL into the main file; returns the WAL's frame count and frames copied.
    @discardableResult
    public func checkpoint(_ mode: CheckpointMode = .passive) throws(SQLiteError) -> (
        walFrames: Int, checkpointedFrames: Int
    ) {
        let handle = try connection()
        let cMode: Int32
        switch mode {
        case .passive: cMode = SQLITE_CHECKPOINT_PASSIVE
        case .full: cMode = SQLITE_CHECKPOINT_FULL
        case .restart: cMode = SQLITE_CHECKPOINT_RESTART
        case .truncate: cMode = SQLITE_CHECKPOINT_TRUNCATE
        }
        var walFrames: Int32 = 0
        var copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(handle, nil, cMode, &walFrames, &copied)
        try SQLiteError.check(rc, handle, sql: nil)
        return (Int(walFrames), Int(copied))
    }
}
