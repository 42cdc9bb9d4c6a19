public import DistrictSyncCore
public import DistrictSyncStore
import Foundation
import SQLiteDB

/// `dsync hub backup` / `dsync hub restore` (docs/operations.md): the hub's side of `HomeBackup`.
///
/// The backup claims the city's dump hash and the number of accepted changesets of its snapshot;
/// a restore recomputes both, checks every city row's checksum, and checks that each accepted
/// changeset's exact bytes are in the content store under their SHA-256 — so a restored hub is the
/// source hub at the moment of its snapshot, and accepts what came after as the source did.
public enum HubBackup {
    /// What a restore found.
    public struct Restored: Sendable {
        public let manifest: HomeBackup.Manifest
        public let dumpHash: String
        public let accepted: Int
        /// The hub key's path when hub.json names one outside the home (not in the backup).
        public let keyOutsideHome: String?
    }

    /// Writes a backup of `home` to `out` while the hub may keep serving.
    public static func create(home: HubHome, out: String, nowMillis: Int64) throws -> HomeBackup.Manifest {
        let settings = try home.loadSettings()
        let key = home.resolve(settings.key)
        return try HomeBackup.create(
            home: home.path, databaseName: "hub.db", kind: "hub", out: out, nowMillis: nowMillis,
            required: { snapshot in
                // The exact bytes of every changeset the snapshot refers to (accepted, held, quarantined).
                try snapshot.query("SELECT id FROM accepted UNION SELECT id FROM held UNION SELECT id FROM quarantine")
                    .compactMap { $0[0].string }.map { "store/" + String($0.prefix(2)) + "/" + $0 + ".dsc" }
            }
        ) { snapshot in
            var claims = [
                "dump_hash": try CityDump.hash(snapshot),
                "accepted": String(try snapshot.scalar("SELECT count(*) FROM accepted")?.int64 ?? 0),
            ]
            if !key.hasPrefix(home.path + "/") { claims["key_outside_home"] = key }
            return claims
        }
    }

    /// Restores `file` into `path` (new or empty) and checks it; nothing is left on failure.
    public static func restore(file: String, into path: String) throws -> Restored {
        var hash = ""
        var accepted = 0
        let manifest = try HomeBackup.restore(file: file, into: path, kind: "hub") { manifest, home in
            let db = try Database(path: home + "/hub.db", mode: .readWrite)
            defer { db.close() }
            try CityIntegrity.verify(db)
            hash = try CityDump.hash(db)
            guard hash == manifest.claims["dump_hash"] else {
                throw StoreError(
                    "backup_damaged",
                    LocalizedText(
                        vi: "\(file) bị hỏng: dữ liệu thành phố sau khôi phục có mã băm \(hash), bản sao lưu ghi "
                            + "\(manifest.claims["dump_hash"] ?? "?"). Chưa khôi phục gì; hãy dùng bản sao lưu khác",
                        en: "\(file) is damaged: the restored city hashes to \(hash), the backup claims "
                            + "\(manifest.claims["dump_hash"] ?? "?"). Nothing was restored; use another backup"))
            }
            let store = HubHome(path: home).store
            let ids = try db.query("SELECT id FROM accepted ORDER BY rowid").compactMap { $0[0].string }
            for id in ids {
                let bytes: [UInt8]
                do { bytes = try store.get(id: id) } catch {
                    throw StoreError(
                        "backup_damaged",
                        LocalizedText(
                            vi: "\(file) bị hỏng: tập thay đổi đã tiếp nhận \(id.prefix(12))… không có trong kho. Chưa "
                                + "khôi phục gì; hãy dùng bản sao lưu khác",
                            en: "\(file) is damaged: accepted changeset \(id.prefix(12))… is missing from the store. "
                                + "Nothing was restored; use another backup"))
                }
                guard hexString(SHA256.hash(bytes)) == id else {
                    throw StoreError(
                        "backup_damaged",
                        LocalizedText(
                            vi: "\(file) bị hỏng: mã băm các byte đã lưu của tập thay đổi \(id.prefix(12))… không khớp "
                                + "mã của nó",
                            en:
                                "\(file) is damaged: the stored bytes of changeset \(id.prefix(12))… do not hash to its id"
                        ))
                }
            }
            accepted = ids.count
            guard String(accepted) == manifest.claims["accepted"] else {
                throw StoreError(
                    "backup_damaged",
                    LocalizedText(
                        vi:
                            "\(file) bị hỏng: tệp chứa \(accepted) tập thay đổi đã tiếp nhận, nhưng ghi là \(manifest.claims["accepted"] ?? "?")",
                        en: "\(file) is damaged: it holds \(accepted) accepted changesets, it claims "
                            + "\(manifest.claims["accepted"] ?? "?")"))
            }
        }
        return Restored(
            manifest: manifest, dumpHash: hash, accepted: accepted, keyOutsideHome: manifest.claims["key_outside_home"])
    }
}
