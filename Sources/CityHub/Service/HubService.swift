public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// The hub's one door for changesets: `submit(bytes:source:)`, used by file import and the HTTP server.
///
/// Order (docs/hub.md): size cap, CMS verification, strict decode, checks that need no hub state,
/// then one `BEGIN IMMEDIATE` transaction that decides duplicate / replay / chain / gap / fork and
/// merges. Not Sendable: one service (one database connection) per thread.
public final class HubService {
    public let home: HubHome
    public internal(set) var settings: HubSettings
    /// The connection; every statement on it is in `CityHub/Store` (`store`, `HubStore`).
    let db: Database
    let clock: any WallClock
    public internal(set) var orgUnits: OrgUnitList
    var policy: VerificationPolicy
    let hubCertificate: Certificate
    let hubKey: PrivateKey?
    /// The transparency log's Ed25519 key (nil without the passphrase: no checkpoint can be signed).
    let logKey: PrivateKey?
    /// What the transparency log costs beside the merge (`hub import --timings`, issue 16 item 9).
    public let logCost = LogCostMeter()

    /// Opens the hub at `home`. Without `passphrase` no receipts can be signed (read-only commands).
    public convenience init(home: HubHome, clock: any WallClock, passphrase: [UInt8]?, needsKey: Bool = true) throws {
        let settings = try home.loadSettings()
        let key = needsKey ? try PrivateKey.load(path: home.resolve(settings.key), passphrase: passphrase) : nil
        let logKey = needsKey ? try home.logKey(passphrase: passphrase, origin: settings.effectiveLogOrigin) : nil
        try self.init(home: home, clock: clock, hubKey: key, logKey: logKey)
    }

    /// Opens the hub at `home` with an already loaded hub key (nil: no receipts can be signed) and
    /// log key (nil: no checkpoint can be signed).
    public init(home: HubHome, clock: any WallClock, hubKey: PrivateKey?, logKey: PrivateKey? = nil) throws {
        self.home = home
        settings = try home.loadSettings()
        self.clock = clock
        orgUnits = try OrgUnitList.forHome(home.path)
        var roots: [Certificate] = []
        for anchor in settings.trustAnchors { roots += try Certificate.loadAll(path: home.resolve(anchor)) }
        var crls: [CertificateRevocationList] = []
        for file in settings.crls { crls += try CertificateRevocationList.loadAll(path: home.resolve(file)) }
        policy = VerificationPolicy(roots: roots, crls: crls)
        guard let cert = try Certificate.loadAll(path: home.resolve(settings.certificate)).first else {
            throw HubError(
                "bad_settings",
                LocalizedText(
                    vi: "chứng thư số của hub \(settings.certificate) không chứa chứng thư số nào",
                    en: "the hub certificate \(settings.certificate) holds no certificate"))
        }
        hubCertificate = cert
        self.hubKey = hubKey
        self.logKey = logKey
        db = try home.openDatabase()
        try backfillLog()
    }

    /// Decides about one changeset file and records the decision; never throws. With `evidence`
    /// (checked by `checkEvidence`), the certificate is judged as of when the city hub accepted the
    /// changeset, and a revocation after that does not refuse it (T15).
    public func submit(bytes: [UInt8], source: String, evidence: LoggedEvidence? = nil) -> SubmissionOutcome {
        logCost.measure(.submit) { submitMeasured(bytes: bytes, source: source, evidence: evidence) }
    }

    private func submitMeasured(bytes: [UInt8], source: String, evidence: LoggedEvidence?) -> SubmissionOutcome {
        let now = clock.nowMillis()
        let id = Digest.hex(Digest.sha256(bytes))  // OpenSSL's SHA-256 (the id is the file's hash)
        guard bytes.count <= settings.maxChangesetBytes else {
            return reject(
                id: id, bytes: nil, header: nil, source: source, now: now,
                error: HubError(
                    "too_large",
                    LocalizedText(
                        vi: "tệp dài \(bytes.count) byte; giới hạn là \(settings.maxChangesetBytes) " + "byte",
                        en: "the file is \(bytes.count) bytes; the limit is \(settings.maxChangesetBytes)")))
        }
        if let duplicate = acceptedDuplicate(id: id, source: source, now: now) { return duplicate }
        let prepared: PreparedChangeset
        do {
            prepared = try prepare(bytes: bytes, id: id, now: now, evidence: evidence)
        } catch {
            return reject(id: id, bytes: bytes, header: nil, source: source, now: now, error: Self.hubError(error))
        }
        let outcome = decide(prepared, source: source, now: now)
        if outcome.outcome != .rejected {
            promoteHeld(node: prepared.header.nodeID, source: source)
        }
        return outcome
    }

    /// Bytes whose SHA-256 is an accepted changeset's id are those very bytes, verified when they
    /// were accepted: a re-delivery is acknowledged with the original receipt without verifying
    /// again, so a certificate revoked or expired since then cannot turn an idempotent retry into a
    /// rejection (threats T4, T15). Anything else, or any database error here, takes the full path.
    func acceptedDuplicate(id: String, source: String, now: Int64) -> SubmissionOutcome? {
        try? db.transaction(.immediate) { () throws -> SubmissionOutcome? in
            guard let row = try store.accepted(id: id) else { return nil }
            let receipt = try store.receipt(changesetID: id)
            let o = SubmissionOutcome(
                outcome: .duplicate, message: "already accepted", id: id, district: row.district,
                nodeID: row.nodeID, sequence: row.seq.map { UInt64($0) }, receipt: receipt)
            return try record(o, detail: nil, source: source, now: now)
        } ?? nil
    }

    /// Stores, then decides in one transaction; a throw inside rolls everything back and rejects.
    func decide(_ prepared: PreparedChangeset, source: String, now: Int64) -> SubmissionOutcome {
        let header = prepared.header
        do {
            return try db.transaction(.immediate) {
                // The exact bytes are durable before any row can refer to them, and they are written
                // while this process holds the write lock: no other process can be between its own
                // write of this id and its COMMIT, so `removeUnreferenced` below can never delete the
                // stored copy of a changeset another process has accepted (issue 12, Why 5).
                try home.store.put(id: prepared.id, bytes: prepared.bytes)
                return try decideInTransaction(prepared, source: source, now: now)
            }
        } catch {
            let failure = Self.hubError(error)
            // A busy database never got as far as writing the file; do not wait for the lock twice.
            if failure.code != "hub_busy" { removeUnreferenced(id: prepared.id) }
            return reject(
                id: prepared.id, bytes: prepared.bytes, header: header, source: source, now: now, error: failure)
        }
    }

    /// Removes the stored copy of `id` only while holding the write lock and seeing no row that
    /// refers to it (accepted, held or quarantined). When the lock cannot be had (another process is
    /// merging) the file stays: an unreferenced file in the content-addressed store is harmless, a
    /// missing one loses fork detection and as-of reports.
    func removeUnreferenced(id: String) {
        _ = try? db.transaction(.immediate) {
            guard try !isReferenced(id: id) else { return }
            try? FileManager.default.removeItem(atPath: home.store.path(id: id))
        }
    }

    func outcome(
        _ kind: SubmissionOutcome.Kind, _ p: PreparedChangeset, reason: String? = nil, message: String? = nil,
        receipt: [UInt8]? = nil
    ) -> SubmissionOutcome {
        SubmissionOutcome(
            outcome: kind, reason: reason, message: message, id: p.id, district: p.header.districtCode,
            nodeID: p.header.nodeID, sequence: p.header.sequence, receipt: receipt)
    }

    /// Reads the node's chain state, lets the pure `ChainRule` decide, and carries the decision out.
    func decideInTransaction(
        _ p: PreparedChangeset, source: String, now: Int64, promoting: Bool = false
    ) throws -> SubmissionOutcome {
        let h = p.header
        let seq = h.sequence
        func record(_ o: SubmissionOutcome, detail: String? = nil) throws -> SubmissionOutcome {
            try self.record(o, detail: detail, source: source, now: now)
        }
        let state = try chainState(for: p)
        let incoming = ChainIncoming(
            id: p.id, nodeID: h.nodeID, unit: h.districtCode, seq: seq, previousHash: p.previousHashHex,
            isPromotion: promoting)
        switch ChainRule.decide(incoming, state) {
        case .duplicate:
            return try record(
                outcome(.duplicate, p, message: "already accepted", receipt: try storedReceipt(changesetID: p.id)))
        case .alreadyHeld:
            return try record(outcome(.held, p, reason: "gap", message: "already held, waiting for its predecessor"))
        case .alreadyQuarantined:
            return try record(outcome(.quarantined, p, reason: "fork", message: "already quarantined"))
        case .accept:
            let receipt = try accept(p, now: now)
            return try record(outcome(.accepted, p, receipt: receipt), detail: p.evidence?.auditNote)
        case .hold:
            return try hold(p, source: source, now: now)
        case .quarantine(.conflictsWithAccepted(let acceptedID)):
            try store.insertQuarantine(p, conflictsWith: acceptedID, now: now)
            return try record(
                outcome(
                    .quarantined, p, reason: "fork", message: "different content for an already accepted (node, seq)"),
                detail: "ALERT fork: node \(h.nodeID) signed different content for accepted sequence \(seq) "
                    + "(\(acceptedID)); the node is stopped until `dsync hub resolve --keep \(acceptedID)`")
        case .quarantine(.conflictsWithQuarantined(let other)):
            try store.insertQuarantine(p, conflictsWith: other, now: now)
            return try record(
                outcome(.quarantined, p, reason: "fork", message: "another changeset for this (node, seq) exists"),
                detail: "ALERT fork: conflicts with \(other)")
        case .quarantine(.conflictsWithHeld(let other)):
            return try fork(p, with: other, source: source, now: now)
        case .reject(let rejection):
            throw HubError(rejection.code, Self.message(rejection, p))
        }
    }

    /// The sentence for a chain refusal: what was wrong, and the values.
    static func message(_ rejection: ChainDecision.Rejection, _ p: PreparedChangeset) -> LocalizedText {
        let h = p.header
        switch rejection {
        case .replay(let head):
            return LocalizedText(
                vi: "số thứ tự \(h.sequence) của nút \(h.nodeID) không lớn hơn đầu chuỗi đã tiếp nhận \(head) và không "
                    + "trùng từng byte với tập thay đổi đã tiếp nhận (từ chối quay lui)",
                en: "sequence \(h.sequence) of node \(h.nodeID) is at or below the accepted head \(head) and is not "
                    + "byte-identical to the accepted changeset (rollback refused)")
        case .sequenceZero:
            return LocalizedText(
                vi: "số thứ tự 0 không phải số thứ tự hợp lệ của tập thay đổi",
                en: "sequence 0 is not a valid changeset sequence")
        case .previousHashMismatch(let head):
            return LocalizedText(
                vi:
                    "mã băm của tập thay đổi trước không khớp đầu chuỗi của nút \(h.nodeID) tại hub, ở số thứ tự \(head)",
                en: "the previous-changeset hash does not match the hub's head of node \(h.nodeID) at sequence \(head)")
        case .gapTooLarge(let ahead, let limit):
            return LocalizedText(
                vi: "số thứ tự \(h.sequence) vượt \(ahead) so với đầu chuỗi \(h.sequence - ahead) của nút \(h.nodeID); "
                    + "giới hạn là \(limit)",
                en: "sequence \(h.sequence) is \(ahead) ahead of node \(h.nodeID)'s head \(h.sequence - ahead); "
                    + "the limit is \(limit)")
        case .unitMismatch(let unit):
            return LocalizedText(
                vi: "nút \(h.nodeID) thuộc đơn vị \(unit), không phải \(h.districtCode)",
                en: "node \(h.nodeID) belongs to district \(unit), not \(h.districtCode)")
        case .lostFork(let resolution):
            return LocalizedText(
                vi: "tập thay đổi này đã thua khi giải quyết rẽ nhánh (\(resolution))",
                en: "this changeset lost a fork resolution (\(resolution))")
        }
    }

    func record(_ o: SubmissionOutcome, detail: String?, source: String, now: Int64) throws -> SubmissionOutcome {
        try AuditLog(db: db).append(
            at: now, outcome: o.outcome.rawValue, reason: o.reason, detail: detail ?? o.message,
            changesetID: o.id, district: o.district, nodeID: o.nodeID, seq: o.sequence.map { Int64(clamping: $0) },
            source: source)
        return o
    }

    func hold(_ p: PreparedChangeset, source: String, now: Int64) throws -> SubmissionOutcome {
        let h = p.header
        try checkChanges(p)
        var collided = false
        do {
            try store.insertHeld(p, now: now)
        } catch {
            guard error.isConstraint else { throw error }
            collided = true
        }
        if collided {
            // UNIQUE (node_id, seq): a different changeset already holds this place in the chain.
            let other = try store.heldID(node: h.nodeID, seq: Int64(clamping: h.sequence)) ?? ""
            return try fork(p, with: other, source: source, now: now)
        }
        return try record(
            outcome(.held, p, reason: "gap", message: "waiting for an earlier changeset of node \(h.nodeID)"),
            detail: nil, source: source, now: now)
    }

    func fork(_ p: PreparedChangeset, with other: String, source: String, now: Int64) throws -> SubmissionOutcome {
        let h = p.header
        try store.quarantineHeld(other, conflictsWith: p.id, node: h.nodeID, seq: Int64(clamping: h.sequence), now: now)
        try store.insertQuarantine(p, conflictsWith: other, now: now)
        return try record(
            outcome(.quarantined, p, reason: "fork", message: "two different changesets for one (node, seq)"),
            detail:
                "ALERT fork: node \(h.nodeID) signed two changesets for sequence \(h.sequence): \(other) and \(p.id); "
                + "run `dsync hub resolve --keep ID`", source: source, now: now)
    }
}
