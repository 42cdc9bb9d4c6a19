public import DistrictSyncCore
public import SQLiteDB

/// The district node's database: synced tables, the change log, node settings and the outbox.
public final class NodeStore {
    public let database: Database
    let wallClock: any WallClock
    let maxDriftMillis: Int64

    /// Opens (and migrates) the node database at `path`.
    public init(
        path: String, mode: Database.OpenMode = .readWrite, wallClock: any WallClock,
        maxDriftMillis: Int64 = 5 * 60_000
    ) throws {
        database = try Database(path: path, mode: mode)
        self.wallClock = wallClock
        self.maxDriftMillis = maxDriftMillis
        try Migrator(migrations: NodeSchema.migrations).migrate(database)
        try NodeSchema.assertPrimaryKeys(database)
        try EnterpriseIndex.ensure(self)
        // An import is one transaction: a 64 MiB page cache (allocated only as used) keeps its dirty
        // pages in memory instead of spilling them to the WAL and reading them back (perf showed a
        // quarter of a 100,000-row import in pread/pwrite with the 2 MiB default).
        try database.execute("PRAGMA cache_size = -65536")
    }

    // MARK: settings

    public func meta(_ key: String) throws -> String? {
        try database.query("SELECT value FROM node_meta WHERE key = ?", [.text(key)]).first?.first?.string
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try database.execute(
            "INSERT INTO node_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)])
    }

    // MARK: capture

    /// Runs `body` in one IMMEDIATE transaction with a change writer. The hybrid logical clock is
    /// loaded at the start and saved at the end of the same transaction, so it survives restarts
    /// and stays monotonic.
    public func capture<T>(_ body: (ChangeWriter) throws -> T) throws -> T {
        try database.transaction(.immediate) {
            let last = HLCTimestamp(rawValue: UInt64(try meta("hlc_last") ?? "0") ?? 0)
            let writer = ChangeWriter(
                db: database, clock: HybridLogicalClock(last: last, maxDriftMillis: maxDriftMillis),
                wallMillis: wallClock.nowMillis())
            let result = try body(writer)
            try writer.finish()
            if writer.clock.last != last { try setMeta("hlc_last", String(writer.clock.last.rawValue)) }
            return result
        }
    }

    // MARK: reads

    static func read(_ db: Database, table: SyncedTable, key: String) throws -> [FieldValue]? {
        let select = try db.cached(
            "SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name) WHERE \(table.keyColumn) = ?"
        )
        try select.bind(text: key, at: 1)
        defer { try? select.reset() }
        guard try select.step() else { return nil }
        return (0..<table.columns.count).map { i in fieldValue(select.value(at: Int32(i))) }
    }

    static func fieldValue(_ v: SQLValue) -> FieldValue {
        switch v {
        case .integer(let i): .int(i)
        case .text(let s): .text(s)
        default: .null
        }
    }

    /// The current values of `key` in `table`, in column order.
    public func read(table: SyncedTable, key: String) throws -> [FieldValue]? {
        try Self.read(database, table: table, key: key)
    }

    /// Rows of `table` as (key, values), optionally filtered by a SQL condition with parameters.
    public func rows(
        _ table: SyncedTable, where condition: String? = nil, _ params: [SQLValue] = [], orderBy: String? = nil,
        limit: Int? = nil
    ) throws -> [(key: String, values: [FieldValue])] {
        var sql = "SELECT \(SyncedSchema.columnList(table)) FROM \(table.name)"
        if let condition { sql += " WHERE \(condition)" }
        sql += " ORDER BY \(orderBy ?? table.keyColumn)"
        if let limit { sql += " LIMIT \(limit)" }
        return try database.query(sql, params).map { row in
            (row[0].string ?? "", row.dropFirst().map(Self.fieldValue))
        }
    }

    public func count(_ table: SyncedTable) throws -> Int {
        Int(try database.query("SELECT count(*) FROM \(table.name)").first?.first?.int64 ?? 0)
    }

    /// Changes captured but not yet packed into a changeset.
    public func pendingChangeCount() throws -> Int {
        Int(try database.query("SELECT count(*) FROM changes WHERE changeset_seq IS NULL").first?.first?.int64 ?? 0)
    }

    /// A captured change with its log sequence number.
    public struct LoggedChange: Sendable {
        public let seq: Int64
        public let change: Change
        public let changesetSeq: Int64?
    }

    /// The most recent changes, newest first.
    public func recentChanges(limit: Int) throws -> [LoggedChange] {
        try loggedChanges(
            "SELECT seq, tbl, row_key, op, fields, hlc, changeset_seq FROM changes ORDER BY seq DESC LIMIT ?",
            [.integer(Int64(limit))])
    }

    /// Pending changes in capture order, at most `limit`, after log sequence `after`.
    public func pendingChanges(after: Int64 = 0, limit: Int) throws -> [LoggedChange] {
        try loggedChanges(
            "SELECT seq, tbl, row_key, op, fields, hlc, changeset_seq FROM changes "
                + "WHERE changeset_seq IS NULL AND seq > ? ORDER BY seq LIMIT ?",
            [.integer(after), .integer(Int64(limit))])
    }

    func loggedChanges(_ sql: String, _ params: [SQLValue]) throws -> [LoggedChange] {
        let statement = try database.prepare(sql)
        try statement.bind(params)
        var out: [LoggedChange] = []
        while try statement.step() {
            guard let table = SyncedTable(rawValue: UInt8(truncatingIfNeeded: statement.int64(at: 1))),
                let op = Change.Operation(rawValue: UInt8(truncatingIfNeeded: statement.int64(at: 3)))
            else {
                throw StoreError(
                    "corrupt_change_log",
                    LocalizedText(
                        vi: "nhật ký thay đổi chứa một bảng hoặc thao tác không xác định; cơ sở dữ liệu bị hỏng",
                        en: "the change log holds an unknown table or operation"))
            }
            let fields = try ChangesetCodec.decodeFields(statement.blob(at: 4) ?? [])
            let change = Change(
                table: table, key: statement.text(at: 2) ?? "", operation: op, fields: fields,
                hlc: HLCTimestamp(rawValue: UInt64(bitPattern: statement.int64(at: 5))))
            let cs = statement.value(at: 6).int64
            out.append(LoggedChange(seq: statement.int64(at: 0), change: change, changesetSeq: cs))
        }
        return out
    }
}

extension NodeStore {
    /// The captured changes of one record (table and key), newest first: its history.
    public func changes(table: SyncedTable, key: String, limit: Int) throws -> [LoggedChange] {
        try loggedChanges(
            "SELECT seq, tbl, row_key, op, fields, hlc, changeset_seq FROM changes "
                + "WHERE tbl = ? AND row_key = ? ORDER BY seq DESC LIMIT ?",
            [.integer(Int64(table.rawValue)), .text(key), .integer(Int64(limit))])
    }
}
