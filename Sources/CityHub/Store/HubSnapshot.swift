import DistrictSyncCore
import Foundation
public import SQLiteDB

/// The hub database as the hub knew it at a cut-off (transaction time), for reports: the live one
/// when nothing was accepted at or after the cut-off, else the city rebuilt by `HubReplayer` from
/// the exact accepted bytes with the same merge, plus the accepted changesets and signers known by
/// then. Used by `dsync hub report` and the dashboard.
public enum HubSnapshot {
    /// The state before `cutoffMillis` of the hub whose live database is `live` (open read-only);
    /// `home` is the hub home holding the stored changesets (nil: `--db` without a home, which
    /// cannot replay). Returns `live` itself or a read-only snapshot (and then closes `live`).
    public static func open(live: Database, home: String?, knownBefore cutoff: Int64) throws -> Database {
        let asOf = ISODate.fromUnixMillis(cutoff - 1)
        let store = ReportStore(db: live)
        if let first = try store.firstAcceptedAt(), first >= cutoff {
            throw HubError(
                "no_data_as_of",
                LocalizedText(
                    vi: "đến \(asOf) chưa có tập thay đổi nào được tiếp nhận; tập đầu tiên được tiếp nhận ngày "
                        + "\(ISODate.fromUnixMillis(first)). Ghi --known-at \(ISODate.fromUnixMillis(first)) hoặc muộn hơn",
                    en: "no changeset had been accepted by \(asOf); the first was accepted on "
                        + "\(ISODate.fromUnixMillis(first)). Give --known-at \(ISODate.fromUnixMillis(first)) or later"
                ))
        }
        let newest = try store.newestAcceptedAt()
        guard let newest, newest >= cutoff else { return live }
        guard let home else {
            throw HubError(
                "as_of_needs_replay",
                LocalizedText(
                    vi:
                        "đã có tập thay đổi được tiếp nhận sau \(asOf) (mới nhất vào \(ISODate.fromUnixMillis(newest))), "
                        + "và bản dựng này không dựng lại được hub tại một ngày trong quá khứ; ghi --known-at \(ISODate.fromUnixMillis(newest)) "
                        + "hoặc muộn hơn",
                    en:
                        "changesets were accepted after \(asOf) (newest on \(ISODate.fromUnixMillis(newest))), and this build "
                        + "cannot rebuild the hub as of a past date; give --known-at \(ISODate.fromUnixMillis(newest)) or later"
                ))
        }
        // Rebuild the city as of the cut-off from the exact accepted bytes, with the same merge.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dsync-asof-\(UUID().uuidString).db"
        ).path
        try HubReplayer.materialize(home: home, acceptedBefore: cutoff, into: path)
        // The replay rebuilds the city tables; reports also read which changesets were accepted by
        // then (provenance, last accepted, staleness) and the signers first used by then.
        let replayed = try Database(path: path, mode: .readWrite)
        try replayed.execute("ATTACH DATABASE ? AS live", [.text(live.path)])
        try replayed.transaction(.immediate) {
            try replayed.execute(
                "INSERT INTO accepted SELECT * FROM live.accepted WHERE accepted_at < ?", [.integer(cutoff)])
            try replayed.execute(
                "INSERT INTO signers SELECT * FROM live.signers WHERE first_used_at < ?", [.integer(cutoff)])
        }
        try replayed.execute("DETACH DATABASE live")
        // A rollback journal, so the read-only copy needs no -wal or -shm files beside it.
        try replayed.execute("PRAGMA journal_mode=DELETE")
        replayed.close()
        live.close()
        let database = try Database(path: path, mode: .readOnly)
        // Open files stay readable after unlinking: nothing is left behind in the temp folder.
        try? FileManager.default.removeItem(atPath: path)
        return database
    }
}

extension ReportEngine {
    /// The latest year up to `year` with live survey answers in `db`, nil when there is none.
    package static func latestSurveyYear(_ db: Database, upTo year: Int) throws -> Int? {
        try ReportStore(db: db).latestSurveyYear(upTo: year)
    }
}
