import ChangesetVerification
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// Rebuilds the city tables as they stood at a moment: replays accepted changesets (exact bytes from
/// the content store, in `accepted_at` then rowid order) and the operator's ownership transfers
/// (each after the changeset accepted just before it) into a fresh database with `HubSchema`,
/// through the same `CityMerger` the hub uses. Signatures were checked at acceptance; the replay
/// re-checks each file's hash against its id and decodes it strictly.
public enum HubReplayer {
    /// What a replay went through.
    public struct Summary: Sendable {
        public let changesets: Int
        public let transfers: Int
    }

    /// Materializes the city state of the hub at `home` as accepted before `millis` into `path`.
    @discardableResult
    public static func materialize(home: String, acceptedBefore millis: Int64, into path: String) throws -> Summary {
        let hub = HubHome(path: home)
        let source = try hub.openDatabase()
        defer { source.close() }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw HubError(
                "target_exists",
                LocalizedText(
                    vi: "\(path) đã tồn tại; ghi một tệp mới cho cơ sở dữ liệu dựng lại",
                    en: "\(path) already exists; give a new file for the replayed database"))
        }
        let target = try Database(path: path, mode: .readWriteCreate)
        defer { target.close() }
        return try replay(from: source, store: hub.store, acceptedBefore: millis, into: target)
    }

    /// Replays `source`'s accepted changesets and transfers before `millis` into the empty `target`.
    static func replay(from source: Database, store: ContentStore, acceptedBefore millis: Int64, into target: Database)
        throws -> Summary
    {
        let rows = try HubStore(db: source).accepted(before: millis)
        let transfers = try OwnershipStore(db: source).transfers(before: millis)
        var transfersAfter: [Int64: [OwnershipStore.Transfer]] = [:]
        for transfer in transfers { transfersAfter[transfer.afterAccepted, default: []].append(transfer) }
        try Migrator(migrations: HubSchema.allMigrations).migrate(target)
        let merger = CityMerger(db: target)
        let ownership = OwnershipStore(db: target)
        var applied = 0
        try target.transaction(.immediate) {
            func transfer(after rowid: Int64) throws {
                for t in transfersAfter[rowid] ?? [] {
                    try ownership.move(taxCode: t.taxCode, from: t.from, to: t.to)
                    applied += 1
                }
            }
            try transfer(after: 0)
            for row in rows {
                guard let id = row.id, let node = row.nodeID, let district = row.district else { continue }
                let bytes = try store.get(id: id)
                // The store is content-addressed and `get` re-checks the hash, so these are the exact
                // bytes whose signature the hub verified when it accepted them.
                let content = try CMSInspector.inspect(der: bytes).content
                try merger.apply(
                    try ChangeStream(content: content[...]), node: node,
                    rules: ChangeRules(district: district, units: nil))
                try transfer(after: row.rowid ?? -1)
            }
        }
        return Summary(changesets: rows.count, transfers: applied)
    }
}
