import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// Rebuilds the city tables as they stood at a moment: replays accepted changesets (exact bytes from
/// the content store, in `accepted_at` then rowid order) into a fresh database with `HubSchema`,
/// through the same `CityMerger` the hub uses. Signatures were checked at acceptance; the replay
/// re-checks each file's hash against its id and decodes it strictly.
public enum HubReplayer {
    /// Materializes the city state of the hub at `home` as accepted before `millis` into `path`.
    public static func materialize(home: String, acceptedBefore millis: Int64, into path: String) throws {
        let hub = HubHome(path: home)
        let source = try hub.openDatabase()
        defer { source.close() }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw HubError("target_exists", "\(path) already exists; give a new file for the replayed database")
        }
        let rows = try source.query(
            "SELECT id, node_id, district FROM accepted WHERE accepted_at < ? ORDER BY accepted_at, rowid",
            [.integer(millis)])
        let target = try Database(path: path, mode: .readWriteCreate)
        defer { target.close() }
        try Migrator(migrations: HubSchema.allMigrations).migrate(target)
        let merger = CityMerger(db: target)
        try target.transaction(.immediate) {
            for row in rows {
                guard let id = row[0].string, let node = row[1].string, let district = row[2].string else { continue }
                let bytes = try hub.store.get(id: id)
                // The store is content-addressed and `get` re-checks the hash, so these are the exact
                // bytes whose signature the hub verified when it accepted them.
                let content = try CMSInspector.inspect(der: bytes).content
                try merger.apply(try ChangeStream(content: content[...]), node: node, district: district)
            }
        }
    }
}
