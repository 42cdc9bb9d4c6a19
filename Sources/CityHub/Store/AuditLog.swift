import SQLiteDB

/// The append-only `audit_log`: one row per decision (triggers forbid UPDATE and DELETE).
struct AuditLog {
    let db: Database

    func append(
        at: Int64, outcome: String, reason: String?, detail: String?, changesetID: String?, district: String?,
        nodeID: String?, seq: Int64?, source: String
    ) throws {
        func opt(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
        try db.cached(
            "INSERT INTO audit_log (at, outcome, reason, detail, changeset_id, district, node_id, changeset_seq, source) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ).run([
            .integer(at), .text(outcome), opt(reason), opt(detail), opt(changesetID), opt(district), opt(nodeID),
            seq.map { .integer($0) } ?? .null, .text(source),
        ])
    }
}
