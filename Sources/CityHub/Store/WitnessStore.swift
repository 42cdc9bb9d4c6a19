import DistrictSyncCore
import Foundation
public import SQLiteDB

/// The witnesses' cosignatures on the city log's checkpoints (issue 16 item 5, threat C1) and every
/// statement on them. One row per (tree size, witness key id): the newest cosignature time wins.
/// `text_sha256` is the SHA-256 of the checkpoint text that was cosigned, so a checkpoint of the
/// same size re-signed later (a new timestamp) serves only the cosignatures over its own text.
public struct WitnessStore {
    let db: Database

    public init(db: Database) { self.db = db }

    /// The DDL, for the hub migration that adds cosignatures.
    public static let schema = """
        CREATE TABLE IF NOT EXISTS log_cosignatures (
            size INTEGER NOT NULL,
            key_id TEXT NOT NULL,
            name TEXT NOT NULL,
            vkey TEXT NOT NULL,
            district TEXT NOT NULL,
            node_id TEXT NOT NULL,
            cosigned_at INTEGER NOT NULL,
            text_sha256 BLOB NOT NULL,
            line TEXT NOT NULL,
            binding BLOB NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (size, key_id)
        ) STRICT;
        """

    public struct Row: Sendable, Hashable {
        public var size: UInt64
        public var keyID: String
        public var name: String
        public var vkey: String
        public var district: String
        public var nodeID: String
        public var cosignedAt: UInt64
        public var textSHA256: [UInt8]
        public var line: String
        public var binding: [UInt8]
        public var receivedAt: Int64
    }

    /// Keeps a cosignature; an older one of the same (size, key) is replaced, a newer one stays.
    public func upsert(_ r: Row) throws {
        try db.execute(
            "INSERT INTO log_cosignatures (size, key_id, name, vkey, district, node_id, cosigned_at, text_sha256, "
                + "line, binding, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(size, key_id) "
                + "DO UPDATE SET name = excluded.name, vkey = excluded.vkey, district = excluded.district, "
                + "node_id = excluded.node_id, cosigned_at = excluded.cosigned_at, text_sha256 = excluded.text_sha256, "
                + "line = excluded.line, binding = excluded.binding, received_at = excluded.received_at "
                + "WHERE excluded.cosigned_at > log_cosignatures.cosigned_at",
            [
                .integer(Int64(r.size)), .text(r.keyID), .text(r.name), .text(r.vkey), .text(r.district),
                .text(r.nodeID), .integer(Int64(clamping: r.cosignedAt)), .blob(r.textSHA256), .text(r.line),
                .blob(r.binding), .integer(r.receivedAt),
            ])
    }

    static let columns =
        "size, key_id, name, vkey, district, node_id, cosigned_at, text_sha256, line, binding, received_at"

    /// The cosignatures over the checkpoint text whose SHA-256 is `textSHA256`, by key id, at most `limit`.
    public func cosignatures(size: UInt64, textSHA256: [UInt8], limit: Int) throws -> [Row] {
        try db.query(
            "SELECT \(Self.columns) FROM log_cosignatures WHERE size = ? AND text_sha256 = ? ORDER BY key_id LIMIT ?",
            [.integer(Int64(size)), .blob(textSHA256), .integer(Int64(limit))]
        ).map(Self.row)
    }

    /// Every witness seen, once per key id (its newest cosignature's binding), by name.
    public func witnesses() throws -> [Row] {
        try db.query(
            "SELECT \(Self.columns) FROM log_cosignatures c WHERE c.rowid = (SELECT d.rowid FROM log_cosignatures d "
                + "WHERE d.key_id = c.key_id ORDER BY d.received_at DESC, d.size DESC LIMIT 1) ORDER BY c.name"
        ).map(Self.row)
    }

    /// The number of cosignature rows (for tests and status).
    public func count() throws -> Int {
        Int(try db.scalar("SELECT count(*) FROM log_cosignatures")?.int64 ?? 0)
    }

    static func row(_ r: [SQLValue]) -> Row {
        Row(
            size: UInt64(r[0].int64 ?? 0), keyID: r[1].string ?? "", name: r[2].string ?? "", vkey: r[3].string ?? "",
            district: r[4].string ?? "", nodeID: r[5].string ?? "", cosignedAt: UInt64(max(0, r[6].int64 ?? 0)),
            textSHA256: r[7].bytes ?? [], line: r[8].string ?? "", binding: r[9].bytes ?? [],
            receivedAt: r[10].int64 ?? 0)
    }
}
