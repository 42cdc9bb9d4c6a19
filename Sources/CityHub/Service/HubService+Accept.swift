import ChangesetVerification
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

extension HubService {
    /// Merges and records an in-order changeset; the caller holds the transaction. Returns the receipt.
    func accept(_ p: PreparedChangeset, now: Int64) throws -> [UInt8] {
        let h = p.header
        let applied = try CityMerger(db: db).apply(try p.changes(), node: h.nodeID, rules: p.envelope.changeRules)
        try db.cached(
            "INSERT INTO accepted (id, district, node_id, seq, prev_hash, signer_fingerprint, signing_time, "
                + "accepted_at, change_count, hlc_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ).run([
            .text(p.id), .text(h.districtCode), .text(h.nodeID), .integer(Int64(clamping: h.sequence)),
            .text(p.previousHashHex),
            .text(p.signer.sha256Fingerprint), .integer(p.signingTimeMillis), .integer(now),
            .integer(Int64(applied)), .integer(Int64(bitPattern: h.hlcMax.rawValue)),
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
        // The city log: appended in this very transaction, so a changeset is in the log exactly
        // when it is accepted (docs/transparency.md).
        try cityLog.append(changesetID: p.id, at: now)
        let receipt = try signReceipt(
            Receipt(
                changesetID: p.id, district: h.districtCode, nodeID: h.nodeID, sequence: h.sequence,
                outcome: .accepted, hubTimeMillis: now, hubID: settings.hubID), now: now)
        try db.cached("INSERT INTO receipts (changeset_id, receipt) VALUES (?, ?)").run([.text(p.id), .blob(receipt)])
        return receipt
    }

    func signReceipt(_ receipt: Receipt, now: Int64) throws -> [UInt8] {
        guard let hubKey else { throw HubError("no_hub_key", "the hub key is not loaded; receipts cannot be signed") }
        return try CMSSigner.sign(
            content: receipt.encode(), certificate: hubCertificate, key: hubKey,
            signingTime: Date(timeIntervalSince1970: Double(now) / 1000))
    }

    /// Applies held successors of `node` one by one, each in its own transaction, while the next one
    /// in the chain is held. A held changeset that no longer passes is rejected (and the chain waits).
    public func promoteHeld(node: String, source: String) {
        while true {
            let now = clock.nowMillis()
            guard let head = try? db.queryOne("SELECT seq FROM node_heads WHERE node_id = ?", [.text(node)]),
                let headSeq = head[0].int64,
                let held = try? db.queryOne(
                    "SELECT id, received_at FROM held WHERE node_id = ? AND seq = ?",
                    [.text(node), .integer(headSeq &+ 1)]),
                let id = held[0].string
            else { return }
            let arrivedAt = held[1].int64
            let bytes: [UInt8]
            do {
                bytes = try home.store.get(id: id)
            } catch {
                return
            }
            let outcome: SubmissionOutcome
            do {
                // Judged at the held changeset's arrival: its certificate may have expired while it waited.
                let prepared = try prepare(bytes: bytes, id: id, now: now, arrivedAt: arrivedAt)
                outcome = try db.transaction(.immediate) { () throws -> SubmissionOutcome in
                    // Re-read inside the transaction: another process may have moved on.
                    guard try db.scalar("SELECT 1 FROM held WHERE id = ?", [.text(id)]) != nil else {
                        return self.outcome(.duplicate, prepared)
                    }
                    return try decideInTransaction(prepared, source: source + " (held)", now: now, promoting: true)
                }
            } catch {
                let failure = Self.hubError(error)
                if HubError.isHubFault(failure.code) { return }
                _ = try? db.transaction(.immediate) {
                    try db.execute("DELETE FROM held WHERE id = ?", [.text(id)])
                }
                _ = reject(id: id, bytes: bytes, header: nil, source: source + " (held)", now: now, error: failure)
                return
            }
            if outcome.outcome != .accepted { return }
        }
    }

    /// `rejected/` with the limits of hub.json.
    var rejectedStore: RejectedStore {
        RejectedStore(
            directory: home.rejectedDirectory, keepBytes: settings.effectiveRejectedKeepBytes,
            quotaBytes: settings.effectiveRejectedQuotaBytes)
    }

    /// Records a rejection: bounded evidence in `rejected/` (`RejectedStore`) and an audit row in its
    /// own transaction.
    func reject(
        id: String, bytes: [UInt8]?, header: ChangesetHeader?, source: String, now: Int64, error: HubError
    ) -> SubmissionOutcome {
        let internalFailure = HubError.isHubFault(error.code)
        var detail = error.message
        if let bytes, !internalFailure {
            switch rejectedStore.keep(id: id, bytes: bytes) {
            case .head: detail += " [rejected/: first \(rejectedStore.keepBytes) of \(bytes.count) bytes kept]"
            case .overQuota: detail += " [rejected/ is full (\(rejectedStore.quotaBytes) bytes): no copy kept]"
            case .whole, .alreadyKept, .failed: break
            }
        }
        _ = try? db.transaction(.immediate) {
            try AuditLog(db: db).append(
                at: now, outcome: SubmissionOutcome.Kind.rejected.rawValue, reason: error.code, detail: detail,
                changesetID: id.isEmpty ? nil : id, district: header?.districtCode, nodeID: header?.nodeID,
                seq: header.map { Int64(clamping: $0.sequence) }, source: source)
        }
        return SubmissionOutcome(
            outcome: .rejected, reason: error.code, message: error.message, id: id, district: header?.districtCode,
            nodeID: header?.nodeID, sequence: header?.sequence)
    }
}

extension HubService {
    /// Audits a refusal made before the bytes were read (too large, unreadable); no id is known.
    public func recordRejectionWithoutBytes(source: String, error: HubError) -> SubmissionOutcome {
        reject(id: "", bytes: nil, header: nil, source: source, now: clock.nowMillis(), error: error)
    }
}
