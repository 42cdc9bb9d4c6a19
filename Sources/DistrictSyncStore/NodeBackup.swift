import DistrictSyncCore
import Foundation
public import SQLiteDB

/// `dsync node backup` / `dsync node restore` (docs/operations.md): the node's side of `HomeBackup`.
///
/// The backup claims the outbox (how many signed changesets, the newest id) and the captured
/// changes not yet packed; a restore checks the same numbers, the outbox's hash chain (every
/// changeset's bytes hash to its id, each names the one before), and the synced tables' keys.
public enum NodeBackup {
    /// Writes a backup of the node home at `home` to `out` (the node may stay in use).
    public static func create(home: String, out: String, nowMillis: Int64) throws -> HomeBackup.Manifest {
        try HomeBackup.create(home: home, databaseName: "node.db", kind: "node", out: out, nowMillis: nowMillis) { db in
            try claims(db)
        }
    }

    /// Restores `file` into `home` (new or empty) and checks it; nothing is left on failure.
    public static func restore(file: String, into home: String) throws -> HomeBackup.Manifest {
        try HomeBackup.restore(file: file, into: home, kind: "node") { manifest, home in
            let db = try Database(path: home + "/node.db", mode: .readWrite)
            defer { db.close() }
            try NodeSchema.assertPrimaryKeys(db)
            try checkChain(db, file: file)
            let found = try claims(db)
            for key in ["changesets", "head", "pending_changes"] where found[key] != manifest.claims[key] {
                throw StoreError(
                    "backup_damaged",
                    LocalizedText(
                        vi:
                            "\(file) bị hỏng: \(key) là \(found[key] ?? "?") sau khi khôi phục, trong khi bản sao lưu ghi "
                            + "\(manifest.claims[key] ?? "?"). Chưa có gì được khôi phục; hãy dùng một bản sao lưu khác",
                        en: "\(file) is damaged: \(key) is \(found[key] ?? "?") after restore, the backup claims "
                            + "\(manifest.claims[key] ?? "?"). Nothing was restored; use another backup"))
            }
        }
    }

    static func claims(_ db: Database) throws -> [String: String] {
        [
            "changesets": String(try db.scalar("SELECT count(*) FROM changesets")?.int64 ?? 0),
            "head": try db.scalar("SELECT id FROM changesets ORDER BY seq DESC LIMIT 1")?.string ?? "",
            "pending_changes": String(
                try db.scalar("SELECT count(*) FROM changes WHERE changeset_seq IS NULL")?.int64 ?? 0),
        ]
    }

    /// Every outbox changeset hashes to its id and names the one before it (the first may follow a
    /// changeset the outbox no longer holds: a node resumed from the hub starts mid-chain).
    static func checkChain(_ db: Database, file: String) throws {
        var previous: String?
        var failure: LocalizedText?
        try db.prepare("SELECT seq, id, prev_hash, file FROM changesets ORDER BY seq").forEachRow { row in
            guard failure == nil else { return }
            let id = row.value(at: 1).string ?? ""
            if hexString(SHA256.hash(row.value(at: 3).bytes ?? [])) != id {
                failure = LocalizedText(
                    vi: "tập thay đổi số \(row.int64(at: 0)) không có mã băm khớp với mã của nó",
                    en: "changeset #\(row.int64(at: 0)) does not hash to its id")
            } else if let previous, row.value(at: 2).string != previous {
                failure = LocalizedText(
                    vi: "tập thay đổi số \(row.int64(at: 0)) không nối tiếp tập thay đổi trước nó",
                    en: "changeset #\(row.int64(at: 0)) does not follow the one before it")
            }
            previous = id
        }
        if let failure {
            throw StoreError(
                "backup_damaged",
                LocalizedText(
                    vi: "\(file) bị hỏng: \(failure.vi). Chưa có gì được khôi phục; hãy dùng một bản sao lưu khác",
                    en: "\(file) is damaged: \(failure.en). Nothing was restored; use another backup"))
        }
    }
}
