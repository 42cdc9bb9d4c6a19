import DistrictSyncCore
import SQLiteDB

/// Every statement the hub service runs on its own tables (accepted, held, quarantine, node heads,
/// receipts, signers, enrollments, audit), with typed rows: the service decides, the store reads and
/// writes. The caller owns the transaction. Statements on the hot path go through `db.cached`, so
/// each is prepared once per connection and reused.
struct HubStore {
    let db: Database

    /// An accepted changeset's place in its node's chain.
    struct AcceptedRef {
        let district: String?
        let nodeID: String?
        let seq: Int64?
    }

    /// A held changeset waiting for its predecessor.
    struct HeldRef {
        let id: String
        let receivedAt: Int64?
    }

    /// The accepted row of `id`, or nil when it is not accepted.
    func accepted(id: String) throws -> AcceptedRef? {
        guard let r = try db.queryOne("SELECT district, node_id, seq FROM accepted WHERE id = ?", [.text(id)])
        else { return nil }
        return AcceptedRef(district: r[0].string, nodeID: r[1].string, seq: r[2].int64)
    }

    /// What the evidence bundle says of an accepted changeset.
    struct AcceptedFacts {
        let district: String
        let nodeID: String
        let seq: Int64
        let signingTimeMillis: Int64
        let acceptedAtMillis: Int64
        let signerFingerprint: String
    }

    func acceptedFacts(id: String) throws -> AcceptedFacts? {
        guard
            let r = try db.queryOne(
                "SELECT district, node_id, seq, signing_time, accepted_at, signer_fingerprint FROM accepted WHERE id = ?",
                [.text(id)])
        else { return nil }
        return AcceptedFacts(
            district: r[0].string ?? "", nodeID: r[1].string ?? "", seq: r[2].int64 ?? 0,
            signingTimeMillis: r[3].int64 ?? 0, acceptedAtMillis: r[4].int64 ?? 0, signerFingerprint: r[5].string ?? "")
    }

    /// The signed receipt of an accepted changeset, nil when it is not accepted (yet).
    func receipt(changesetID id: String) throws -> [UInt8]? {
        try db.scalar("SELECT receipt FROM receipts WHERE changeset_id = ?", [.text(id)])?.bytes
    }

    /// Records an accepted changeset: its row, its node's new head, its signer; drops it from `held`.
    func recordAccepted(_ p: PreparedChangeset, now: Int64, changeCount: Int) throws {
        let h = p.header
        try db.cached(
            "INSERT INTO accepted (id, district, node_id, seq, prev_hash, signer_fingerprint, signing_time, "
                + "accepted_at, change_count, hlc_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ).run([
            .text(p.id), .text(h.districtCode), .text(h.nodeID), .integer(Int64(clamping: h.sequence)),
            .text(p.previousHashHex),
            .text(p.signer.sha256Fingerprint), .integer(p.signingTimeMillis), .integer(now),
            .integer(Int64(changeCount)), .integer(Int64(bitPattern: h.hlcMax.rawValue)),
        ])
        try db.cached(
            "INSERT INTO node_heads (node_id, district, seq, hash, last_accepted_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT(node_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, "
                + "last_accepted_at = excluded.last_accepted_at"
        ).run([
            .text(h.nodeID), .text(h.districtCode), .integer(Int64(clamping: h.sequence)), .text(p.id), .integer(now),
        ])
        let s = p.signer
        try db.cached(
            "INSERT INTO signers (fingerprint, district, subject, issuer, serial, not_before, not_after, first_used_at, "
                + "last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT(fingerprint) DO UPDATE SET last_used_at = max(last_used_at, excluded.last_used_at)"
        ).run([
            .text(s.sha256Fingerprint), .text(h.districtCode), .text(s.subject), .text(s.issuer), .text(s.serialHex),
            .integer(Int64(s.notBefore.timeIntervalSince1970 * 1000)),
            .integer(Int64(s.notAfter.timeIntervalSince1970 * 1000)), .integer(now), .integer(now),
        ])
        try db.cached("DELETE FROM held WHERE id = ?").run([.text(p.id)])
    }

    /// Stores the signed receipt of accepted changeset `id`.
    func insertReceipt(changesetID id: String, receipt: [UInt8]) throws {
        try db.cached("INSERT INTO receipts (changeset_id, receipt) VALUES (?, ?)").run([.text(id), .blob(receipt)])
    }

    /// Holds `p` until its predecessor arrives; throws a constraint error when another changeset
    /// holds the same (node, seq).
    func insertHeld(_ p: PreparedChangeset, now: Int64) throws(SQLiteError) {
        let h = p.header
        try db.cached(
            "INSERT INTO held (id, district, node_id, seq, prev_hash, received_at) VALUES (?, ?, ?, ?, ?, ?)"
        ).run([
            .text(p.id), .text(h.districtCode), .text(h.nodeID), .integer(Int64(clamping: h.sequence)),
            .text(p.previousHashHex), .integer(now),
        ])
    }

    /// The id of the changeset held at (`node`, `seq`).
    func heldID(node: String, seq: Int64) throws -> String? {
        try db.scalar("SELECT id FROM held WHERE node_id = ? AND seq = ?", [.text(node), .integer(seq)])?.string
    }

    /// The changeset held right after `node`'s accepted head, or nil (no head, nothing held there).
    func heldSuccessor(node: String) throws -> HeldRef? {
        guard let head = try db.queryOne("SELECT seq FROM node_heads WHERE node_id = ?", [.text(node)]),
            let headSeq = head[0].int64,
            let held = try db.queryOne(
                "SELECT id, received_at FROM held WHERE node_id = ? AND seq = ?",
                [.text(node), .integer(headSeq &+ 1)]),
            let id = held[0].string
        else { return nil }
        return HeldRef(id: id, receivedAt: held[1].int64)
    }

    /// Whether `id` is (still) held.
    func isHeld(id: String) throws -> Bool {
        try db.scalar("SELECT 1 FROM held WHERE id = ?", [.text(id)]) != nil
    }

    func deleteHeld(id: String) throws {
        try db.execute("DELETE FROM held WHERE id = ?", [.text(id)])
    }

    /// Moves held changeset `other` to quarantine as conflicting with `id` at (`node`, `seq`);
    /// nothing when `other` is not held.
    func quarantineHeld(_ other: String, conflictsWith id: String, node: String, seq: Int64, now: Int64) throws {
        guard let district = try db.scalar("SELECT district FROM held WHERE id = ?", [.text(other)]) else { return }
        try db.execute("DELETE FROM held WHERE id = ?", [.text(other)])
        try insertQuarantine(
            id: other, district: district, node: node, seq: seq, conflictsWith: id, now: now)
    }

    /// Quarantines `p` as conflicting with `other`.
    func insertQuarantine(_ p: PreparedChangeset, conflictsWith other: String, now: Int64) throws {
        let h = p.header
        try insertQuarantine(
            id: p.id, district: .text(h.districtCode), node: h.nodeID, seq: Int64(clamping: h.sequence),
            conflictsWith: other, now: now)
    }

    private func insertQuarantine(
        id: String, district: SQLValue, node: String, seq: Int64, conflictsWith other: String, now: Int64
    ) throws {
        try db.execute(
            "INSERT INTO quarantine (id, district, node_id, seq, conflicts_with, received_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(id), district, .text(node), .integer(seq), .text(other), .integer(now)])
    }

    /// The signer's enrolled district, or nil when it is not enrolled.
    func enrolledDistrict(fingerprint: String) throws -> String? {
        try db.scalar("SELECT district FROM enrollments WHERE fingerprint = ?", [.text(fingerprint)])?.string
    }

    /// Binds certificate `fingerprint` to `district` (the latest enrollment wins).
    func enroll(fingerprint: String, district: String, subject: String, at now: Int64) throws {
        try db.execute(
            "INSERT INTO enrollments (fingerprint, district, subject, enrolled_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT(fingerprint) DO UPDATE SET district = excluded.district",
            [.text(fingerprint), .text(district), .text(subject), .integer(now)])
    }

    /// How many changesets have been accepted.
    func acceptedCount() throws -> Int64 {
        try db.scalar("SELECT count(*) FROM accepted")?.int64 ?? 0
    }

    /// Accepted changesets the city log lacks, in acceptance order.
    func acceptedMissingFromLog() throws -> [(id: String, acceptedAt: Int64)] {
        try db.query(
            "SELECT id, accepted_at FROM accepted WHERE id NOT IN (SELECT changeset_id FROM log_leaves) ORDER BY rowid"
        ).map { (id: $0[0].string ?? "", acceptedAt: $0[1].int64 ?? 0) }
    }

    /// An accepted changeset as a replay needs it.
    struct AcceptedForReplay {
        let id: String?
        let nodeID: String?
        let district: String?
        /// Its rowid: transfers are recorded as coming after one.
        let rowid: Int64?
    }

    /// Changesets accepted before `millis`, in acceptance order (`accepted_at`, then rowid).
    func accepted(before millis: Int64) throws -> [AcceptedForReplay] {
        try db.query(
            "SELECT id, node_id, district, rowid FROM accepted WHERE accepted_at < ? ORDER BY accepted_at, rowid",
            [.integer(millis)]
        ).map { AcceptedForReplay(id: $0[0].string, nodeID: $0[1].string, district: $0[2].string, rowid: $0[3].int64) }
    }
}
