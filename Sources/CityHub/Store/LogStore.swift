import DistrictSyncCore
import Foundation
public import SQLiteDB

/// The city transparency log's tables and every statement on them (issue 16). The log is appended
/// inside the merge transaction that accepts a changeset, so a changeset is in the log exactly when
/// it is accepted. Typed rows only; nothing outside this file writes SQL on these tables.
///
/// - `log_leaves`: leaf index → changeset id (hex) and its RFC 6962 leaf hash;
/// - `log_nodes`: every complete subtree (level, index) → hash (level 0 repeats the leaf hashes), so
///   roots and proofs read O(log² n) rows;
/// - `log_checkpoints`: every signed checkpoint (C2SP signed note), by tree size.
public struct LogStore {
    let db: Database

    public init(db: Database) { self.db = db }

    /// The DDL, for the hub migration that creates the log.
    public static let schema = """
        CREATE TABLE IF NOT EXISTS log_leaves (
            idx INTEGER PRIMARY KEY NOT NULL,
            changeset_id TEXT NOT NULL UNIQUE,
            leaf_hash BLOB NOT NULL,
            appended_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS log_nodes (
            level INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            hash BLOB NOT NULL,
            PRIMARY KEY (level, idx)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log_checkpoints (
            size INTEGER PRIMARY KEY NOT NULL,
            root BLOB NOT NULL,
            signed_at INTEGER NOT NULL,
            note TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER IF NOT EXISTS log_leaves_no_update BEFORE UPDATE ON log_leaves
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS log_leaves_no_delete BEFORE DELETE ON log_leaves
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        """

    /// One leaf as stored.
    public struct Leaf: Sendable, Hashable {
        public let index: UInt64
        public let changesetID: String
        public let leafHash: [UInt8]
        public let appendedAt: Int64
    }

    /// A signed checkpoint as stored.
    public struct StoredCheckpoint: Sendable, Hashable {
        public let size: UInt64
        public let root: [UInt8]
        public let signedAt: Int64
        public let note: String
    }

    /// The number of leaves.
    public func size() throws -> UInt64 {
        UInt64(try db.scalar("SELECT count(*) FROM log_leaves")?.int64 ?? 0)
    }

    public func leaf(index: UInt64) throws -> Leaf? {
        try db.cached("SELECT idx, changeset_id, leaf_hash, appended_at FROM log_leaves WHERE idx = ?")
            .rows([.integer(Int64(index))]).first.map(Self.leaf)
    }

    public func leaf(changesetID: String) throws -> Leaf? {
        try db.cached("SELECT idx, changeset_id, leaf_hash, appended_at FROM log_leaves WHERE changeset_id = ?")
            .rows([.text(changesetID)]).first.map(Self.leaf)
    }

    /// Every leaf in index order (for `hub log verify`).
    public func forEachLeaf(_ body: (Leaf) throws -> Void) throws {
        try db.prepare("SELECT idx, changeset_id, leaf_hash, appended_at FROM log_leaves ORDER BY idx").forEachRow {
            try body(
                Leaf(
                    index: UInt64($0.int64(at: 0)), changesetID: $0.text(at: 1) ?? "", leafHash: $0.blob(at: 2) ?? [],
                    appendedAt: $0.int64(at: 3)))
        }
    }

    static func leaf(_ r: [SQLValue]) -> Leaf {
        Leaf(
            index: UInt64(r[0].int64 ?? 0), changesetID: r[1].string ?? "", leafHash: r[2].bytes ?? [],
            appendedAt: r[3].int64 ?? 0)
    }

    /// The hash of the complete subtree (level, index); nil when the store lacks it.
    public func node(level: Int, index: UInt64) throws -> [UInt8]? {
        try db.cached("SELECT hash FROM log_nodes WHERE level = ? AND idx = ?")
            .rows([.integer(Int64(level)), .integer(Int64(index))]).first?[0].bytes
    }

    /// Appends a leaf and the complete subtrees it finishes. Call inside the accepting transaction.
    public func insert(_ leaf: Leaf, nodes: [(level: Int, index: UInt64, hash: [UInt8])]) throws {
        try db.cached("INSERT INTO log_leaves (idx, changeset_id, leaf_hash, appended_at) VALUES (?, ?, ?, ?)").run([
            .integer(Int64(leaf.index)), .text(leaf.changesetID), .blob(leaf.leafHash), .integer(leaf.appendedAt),
        ])
        let insertNode = try db.cached("INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)")
        for node in nodes {
            try insertNode.run([.integer(Int64(node.level)), .integer(Int64(node.index)), .blob(node.hash)])
        }
    }

    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try db.queryOne("SELECT size, root, signed_at, note FROM log_checkpoints ORDER BY size DESC LIMIT 1")
            .map(Self.checkpoint)
    }

    public func checkpoint(size: UInt64) throws -> StoredCheckpoint? {
        try db.queryOne(
            "SELECT size, root, signed_at, note FROM log_checkpoints WHERE size = ?", [.integer(Int64(size))]
        )
        .map(Self.checkpoint)
    }

    public func allCheckpoints() throws -> [StoredCheckpoint] {
        try db.query("SELECT size, root, signed_at, note FROM log_checkpoints ORDER BY size").map(Self.checkpoint)
    }

    /// Keeps a signed checkpoint; one per tree size, the newest signature of that size (its root
    /// never changes: a row with another root is left as it was).
    public func insert(_ c: StoredCheckpoint) throws {
        try db.execute(
            "INSERT INTO log_checkpoints (size, root, signed_at, note) VALUES (?, ?, ?, ?) ON CONFLICT(size) DO UPDATE "
                + "SET signed_at = excluded.signed_at, note = excluded.note WHERE root = excluded.root",
            [.integer(Int64(c.size)), .blob(c.root), .integer(c.signedAt), .text(c.note)])
    }

    static func checkpoint(_ r: [SQLValue]) -> StoredCheckpoint {
        StoredCheckpoint(
            size: UInt64(r[0].int64 ?? 0), root: r[1].bytes ?? [], signedAt: r[2].int64 ?? 0, note: r[3].string ?? "")
    }
}
