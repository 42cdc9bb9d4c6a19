import ChangesetVerification
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

extension HubService {
    /// Merges and records an in-order changeset; the caller holds the transaction. Returns the receipt.
    func accept(_ p: PreparedChangeset, now: Int64) throws -> [UInt8] {
        try logCost.measure(.accept) { try acceptMeasured(p, now: now) }
    }

    private func acceptMeasured(_ p: PreparedChangeset, now: Int64) throws -> [UInt8] {
        let h = p.header
        let applied = try CityMerger(db: db).apply(try p.changes(), node: h.nodeID, rules: p.envelope.changeRules)
        try store.recordAccepted(p, now: now, changeCount: applied)
        // The city log: appended in this very transaction, so a changeset is in the log exactly
        // when it is accepted (docs/transparency.md).
        try logCost.measure(.append) { try cityLog.append(changesetID: p.id, at: now) }
        let receipt = try signReceipt(
            Receipt(
                changesetID: p.id, district: h.districtCode, nodeID: h.nodeID, sequence: h.sequence,
                outcome: .accepted, hubTimeMillis: now, hubID: settings.hubID), now: now)
        try store.insertReceipt(changesetID: p.id, receipt: receipt)
        return receipt
    }

    func signReceipt(_ receipt: Receipt, now: Int64) throws -> [UInt8] {
        guard let hubKey else {
            throw HubError(
                "no_hub_key",
                LocalizedText(
                    vi: "chưa nạp khóa của hub; không ký được biên nhận",
                    en: "the hub key is not loaded; receipts cannot be signed"))
        }
        return try CMSSigner.sign(
            content: receipt.encode(), certificate: hubCertificate, key: hubKey,
            signingTime: Date(timeIntervalSince1970: Double(now) / 1000))
    }

    /// Applies held successors of `node` one by one, each in its own transaction, while the next one
    /// in the chain is held. A held changeset that no longer passes is rejected (and the chain waits).
    public func promoteHeld(node: String, source: String) {
        while true {
            let now = clock.nowMillis()
            guard let successor = try? store.heldSuccessor(node: node) else { return }
            let id = successor.id
            let arrivedAt = successor.receivedAt
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
                    guard try store.isHeld(id: id) else {
                        return self.outcome(.duplicate, prepared)
                    }
                    return try decideInTransaction(prepared, source: source + " (held)", now: now, promoting: true)
                }
            } catch {
                let failure = Self.hubError(error)
                if HubError.isHubFault(failure.code) { return }
                _ = try? db.transaction(.immediate) {
                    try store.deleteHeld(id: id)
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
            nodeID: header?.nodeID, sequence: header?.sequence, messageVi: error.localized?.vi)
    }
}

extension HubService {
    /// Audits a refusal made before the bytes were read (too large, unreadable); no id is known.
    public func recordRejectionWithoutBytes(source: String, error: HubError) -> SubmissionOutcome {
        reject(id: "", bytes: nil, header: nil, source: source, now: clock.nowMillis(), error: error)
    }
}
