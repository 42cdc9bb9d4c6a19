public import DistrictSyncCore
import SQLiteDB

extension NodeStore {
    /// What `reopenUndelivered` did.
    public struct Reopened: Sendable, Equatable {
        /// Changesets taken out of the outbox (the first undelivered one and every later one).
        public let changesets: Int
        /// Changes pending again, re-stamped on the current clock.
        public let changes: Int
    }

    /// Recovery after the hub refused changesets because of the node's clock or certificate
    /// (`cert_expired`, `clock_ahead`, a clock that jumped): the undelivered tail of the chain is
    /// taken back, its changes become pending again with clock stamps from now (in their order,
    /// after every change the hub may already hold), so the next `node commit` signs them anew.
    ///
    /// Refused when a changeset after the first undelivered one has a receipt (the chain cannot be
    /// cut there), or when changes already delivered carry a clock too far ahead of `wallMillis`.
    public func reopenUndelivered(wallMillis: Int64) throws -> Reopened {
        try database.transaction(.immediate) { () throws -> Reopened in
            let first = try database.scalar("SELECT min(seq) FROM changesets WHERE delivered_at IS NULL")?.int64
            var count = 0
            if let first {
                if try database.scalar(
                    "SELECT 1 FROM changesets WHERE seq > ? AND delivered_at IS NOT NULL LIMIT 1", [.integer(first)])
                    != nil
                {
                    throw StoreError(
                        "cannot_reopen",
                        LocalizedText(
                            vi:
                                "tập thay đổi \(first) chưa có biên nhận nhưng một tập sau nó đã có; hãy gửi và xác nhận nó trước "
                                + "(dsync node sync, hoặc hub import rồi dsync node ack)",
                            en:
                                "changeset \(first) has no receipt but a later one has; deliver and acknowledge it first "
                                + "(dsync node sync, or hub import then dsync node ack)"))
                }
                count = Int(
                    try database.scalar("SELECT count(*) FROM changesets WHERE seq >= ?", [.integer(first)])?
                        .int64 ?? 0)
                try database.execute(
                    "UPDATE changes SET changeset_seq = NULL WHERE changeset_seq >= ?", [.integer(first)])
                try database.execute("DELETE FROM changesets WHERE seq >= ?", [.integer(first)])
            }
            // The new stamps follow every change the hub may hold, and must not run ahead of now.
            let delivered =
                try database.scalar("SELECT max(hlc) FROM changes WHERE changeset_seq IS NOT NULL")?.int64 ?? 0
            let base = HLCTimestamp(rawValue: UInt64(bitPattern: delivered))
            guard base.physicalMillis <= wallMillis + maxDriftMillis else {
                throw StoreError(
                    "clock_drift",
                    LocalizedText(
                        vi: "các thay đổi hub đang giữ mang đồng hồ \(ISODate.fromUnixMillis(base.physicalMillis)), "
                            + "nhanh hơn đồng hồ của máy tính này (\(ISODate.fromUnixMillis(wallMillis))); hãy chỉnh ngày giờ hệ thống "
                            + "về đúng thời gian thực rồi chạy lại",
                        en:
                            "changes the hub already holds carry the clock \(ISODate.fromUnixMillis(base.physicalMillis)), "
                            + "ahead of this computer's clock (\(ISODate.fromUnixMillis(wallMillis))); set the system "
                            + "date to the real time and run this again"))
            }
            var clock = HybridLogicalClock(last: base, maxDriftMillis: maxDriftMillis)
            let pending = try database.query("SELECT seq FROM changes WHERE changeset_seq IS NULL ORDER BY seq")
            for row in pending {
                let stamp = try clock.tick(wallMillis: wallMillis)
                try database.cached("UPDATE changes SET hlc = ? WHERE seq = ?").run([
                    .integer(Int64(bitPattern: stamp.rawValue)), row[0],
                ])
            }
            try setMeta("hlc_last", String(clock.last.rawValue))
            return Reopened(changesets: count, changes: pending.count)
        }
    }
}
