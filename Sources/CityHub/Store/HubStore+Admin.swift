import SQLiteDB

/// The operator's reads and writes: status, the audit log, node heads, enrollments, fork resolution.
extension HubStore {
    /// One district's newest head and counts, as `hub status` shows them.
    struct DistrictCounts {
        let nodes: Int64
        let lastSeq: Int64?
        let lastHash: String?
        let lastAcceptedAt: Int64?
        let held: Int64
        let quarantined: Int64
    }

    /// A node's accepted head.
    struct HeadRow {
        let district: String
        let seq: Int64
        let hash: String
        /// The newest HLC (raw value, as stored) accepted from the node.
        let hlcMax: Int64
    }

    /// A changeset's (node, seq).
    struct ChainPlace {
        let nodeID: String
        let seq: Int64
    }

    /// Units some node head, held changeset or enrollment uses (a unit list must keep them).
    func unitsInUse() throws -> Set<String> {
        var inUse = try districts(of: "SELECT DISTINCT district FROM node_heads")
        inUse.formUnion(try districts(of: "SELECT DISTINCT district FROM held"))
        inUse.formUnion(try districts(of: "SELECT DISTINCT district FROM enrollments"))
        return inUse
    }

    /// Districts with a node head, a held changeset or an unresolved quarantined one.
    func districtsWithActivity() throws -> Set<String> {
        var districts = try districts(of: "SELECT DISTINCT district FROM node_heads")
        districts.formUnion(try self.districts(of: "SELECT DISTINCT district FROM held"))
        districts.formUnion(
            try self.districts(of: "SELECT DISTINCT district FROM quarantine WHERE resolved_at IS NULL"))
        return districts
    }

    private func districts(of sql: String) throws -> Set<String> {
        Set(try db.query(sql).compactMap { $0[0].string })
    }

    /// District `d`'s newest head (by last acceptance), node count, held and unresolved quarantined counts.
    func counts(district d: String) throws -> DistrictCounts {
        let head = try db.queryOne(
            "SELECT seq, hash, last_accepted_at FROM node_heads WHERE district = ? "
                + "ORDER BY last_accepted_at DESC, node_id LIMIT 1", [.text(d)])
        return DistrictCounts(
            nodes: try db.scalar("SELECT count(*) FROM node_heads WHERE district = ?", [.text(d)])?.int64 ?? 0,
            lastSeq: head?[0].int64, lastHash: head?[1].string, lastAcceptedAt: head?[2].int64,
            held: try db.scalar("SELECT count(*) FROM held WHERE district = ?", [.text(d)])?.int64 ?? 0,
            quarantined: try db.scalar(
                "SELECT count(*) FROM quarantine WHERE district = ? AND resolved_at IS NULL", [.text(d)])?.int64
                ?? 0)
    }

    /// Audit rows, oldest first, optionally filtered.
    func audit(district: String?, outcome: String?) throws -> [AuditEntry] {
        var sql =
            "SELECT seq, at, outcome, reason, detail, changeset_id, district, node_id, changeset_seq, source "
            + "FROM audit_log WHERE 1 = 1"
        var params: [SQLValue] = []
        if let district {
            sql += " AND district = ?"
            params.append(.text(district))
        }
        if let outcome {
            sql += " AND outcome = ?"
            params.append(.text(outcome))
        }
        return try db.query(sql + " ORDER BY seq", params).map { r in
            AuditEntry(
                seq: r[0].int64 ?? 0, at: r[1].int64 ?? 0, outcome: r[2].string ?? "", reason: r[3].string,
                detail: r[4].string, changesetID: r[5].string, district: r[6].string, nodeID: r[7].string,
                changesetSeq: r[8].int64, source: r[9].string ?? "")
        }
    }

    /// The accepted head of `node`, or nil when nothing of it was accepted.
    func head(node: String) throws -> HeadRow? {
        guard let r = try db.queryOne("SELECT district, seq, hash FROM node_heads WHERE node_id = ?", [.text(node)])
        else { return nil }
        let hlc = try db.scalar("SELECT max(hlc_max) FROM accepted WHERE node_id = ?", [.text(node)])?.int64 ?? 0
        return HeadRow(district: r[0].string ?? "", seq: r[1].int64 ?? 0, hash: r[2].string ?? "", hlcMax: hlc)
    }

    /// The district's nodes with an accepted head, the one heard from last first.
    func nodes(district: String) throws -> [String?] {
        try db.query(
            "SELECT node_id FROM node_heads WHERE district = ? ORDER BY last_accepted_at DESC, seq DESC, node_id",
            [.text(district)]
        ).map { $0[0].string }
    }

    /// The (node, seq) of accepted changeset `id`.
    func acceptedPlace(id: String) throws -> ChainPlace? {
        guard let row = try db.queryOne("SELECT node_id, seq FROM accepted WHERE id = ?", [.text(id)]),
            let node = row[0].string, let seq = row[1].int64
        else { return nil }
        return ChainPlace(nodeID: node, seq: seq)
    }

    /// The (node, seq) of unresolved quarantined changeset `id`.
    func quarantinedPlace(id: String) throws -> ChainPlace? {
        guard
            let row = try db.queryOne(
                "SELECT node_id, seq FROM quarantine WHERE id = ? AND resolved_at IS NULL", [.text(id)]),
            let node = row[0].string, let seq = row[1].int64
        else { return nil }
        return ChainPlace(nodeID: node, seq: seq)
    }

    /// The id accepted at (`node`, `seq`).
    func acceptedID(node: String, seq: Int64) throws -> String? {
        try db.scalar("SELECT id FROM accepted WHERE node_id = ? AND seq = ?", [.text(node), .integer(seq)])?.string
    }

    /// Unresolved quarantined changesets at (`node`, `seq`), but `id`.
    func unresolvedQuarantined(node: String, seq: Int64, except id: String? = nil) throws -> [String] {
        if let id {
            return try db.query(
                "SELECT id FROM quarantine WHERE node_id = ? AND seq = ? AND resolved_at IS NULL AND id <> ?",
                [.text(node), .integer(seq), .text(id)]
            ).compactMap { $0[0].string }
        }
        return try db.query(
            "SELECT id FROM quarantine WHERE node_id = ? AND seq = ? AND resolved_at IS NULL",
            [.text(node), .integer(seq)]
        ).compactMap { $0[0].string }
    }

    /// Marks quarantined changeset `id` resolved at `now` with `resolution` ("kept", "rejected (kept …)").
    func resolveQuarantined(id: String, at now: Int64, resolution: String) throws {
        try db.execute(
            "UPDATE quarantine SET resolved_at = ?, resolution = ? WHERE id = ?",
            [.integer(now), .text(resolution), .text(id)])
    }
}
