public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
public import SQLiteDB

/// The hub's one door for changesets: `submit(bytes:source:)`, used by file import and the HTTP server.
///
/// Order (docs/hub.md): size cap, CMS verification, strict decode, checks that need no hub state,
/// then one `BEGIN IMMEDIATE` transaction that decides duplicate / replay / chain / gap / fork and
/// merges. Not Sendable: one service (one database connection) per thread.
public final class HubService {
    public let home: HubHome
    public internal(set) var settings: HubSettings
    public let db: Database
    let clock: any WallClock
    public internal(set) var orgUnits: OrgUnitList
    var policy: VerificationPolicy
    let hubCertificate: Certificate
    let hubKey: PrivateKey?

    /// Opens the hub at `home`. Without `passphrase` no receipts can be signed (read-only commands).
    public convenience init(home: HubHome, clock: any WallClock, passphrase: [UInt8]?, needsKey: Bool = true) throws {
        let settings = try home.loadSettings()
        let key = needsKey ? try PrivateKey.load(path: home.resolve(settings.key), passphrase: passphrase) : nil
        try self.init(home: home, clock: clock, hubKey: key)
    }

    /// Opens the hub at `home` with an already loaded hub key (nil: no receipts can be signed).
    public init(home: HubHome, clock: any WallClock, hubKey: PrivateKey?) throws {
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
            throw HubError("bad_settings", "the hub certificate \(settings.certificate) holds no certificate")
        }
        hubCertificate = cert
        self.hubKey = hubKey
        db = try home.openDatabase()
    }

    /// Decides about one changeset file and records the decision; never throws.
    public func submit(bytes: [UInt8], source: String) -> SubmissionOutcome {
        let now = clock.nowMillis()
        let id = Digest.hex(Digest.sha256(bytes))  // OpenSSL's SHA-256 (the id is the file's hash)
        guard bytes.count <= settings.maxChangesetBytes else {
            return reject(
                id: id, bytes: nil, header: nil, source: source, now: now,
                error: HubError(
                    "too_large", "the file is \(bytes.count) bytes; the limit is \(settings.maxChangesetBytes)"))
        }
        if let duplicate = acceptedDuplicate(id: id, source: source, now: now) { return duplicate }
        let prepared: PreparedChangeset
        do {
            prepared = try prepare(bytes: bytes, id: id, now: now)
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
            guard let row = try db.queryOne("SELECT district, node_id, seq FROM accepted WHERE id = ?", [.text(id)])
            else { return nil }
            let receipt = try db.scalar("SELECT receipt FROM receipts WHERE changeset_id = ?", [.text(id)])?.bytes
            let o = SubmissionOutcome(
                outcome: .duplicate, message: "already accepted", id: id, district: row[0].string,
                nodeID: row[1].string, sequence: row[2].int64.map { UInt64($0) }, receipt: receipt)
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

    func decideInTransaction(
        _ p: PreparedChangeset, source: String, now: Int64, promoting: Bool = false
    ) throws -> SubmissionOutcome {
        let h = p.header
        let seq = h.sequence
        func record(_ o: SubmissionOutcome, detail: String? = nil) throws -> SubmissionOutcome {
            try self.record(o, detail: detail, source: source, now: now)
        }
        if try db.scalar("SELECT 1 FROM accepted WHERE id = ?", [.text(p.id)]) != nil {
            let receipt = try db.scalar("SELECT receipt FROM receipts WHERE changeset_id = ?", [.text(p.id)])?.bytes
            return try record(outcome(.duplicate, p, message: "already accepted", receipt: receipt))
        }
        if !promoting, try db.scalar("SELECT 1 FROM held WHERE id = ?", [.text(p.id)]) != nil {
            return try record(outcome(.held, p, reason: "gap", message: "already held, waiting for its predecessor"))
        }
        if let row = try db.queryOne("SELECT resolution FROM quarantine WHERE id = ?", [.text(p.id)]) {
            if let resolution = row[0].string {
                if resolution != "kept" {
                    throw HubError("fork_rejected", "this changeset lost a fork resolution (\(resolution))")
                }
            } else {
                return try record(outcome(.quarantined, p, reason: "fork", message: "already quarantined"))
            }
        }
        let head = try db.queryOne("SELECT seq, hash, district FROM node_heads WHERE node_id = ?", [.text(h.nodeID)])
        let headSeq = UInt64(clamping: head?[0].int64 ?? 0)
        if let headDistrict = head?[2].string, headDistrict != h.districtCode {
            throw HubError(
                "district_mismatch", "node \(h.nodeID) belongs to district \(headDistrict), not \(h.districtCode)")
        }
        guard seq >= 1 else { throw HubError("chain_broken", "sequence 0 is not a valid changeset sequence") }
        if seq <= headSeq {
            // Same signed content re-signed (or an old copy) is a replay; different content for an
            // accepted (node, seq) is equivocation (C2): quarantine it and stop the node until resolved.
            // Without the accepted bytes the hub cannot tell a fork from a replay: that is the hub's
            // fault (`store_missing` / `store_corrupt`), never silently a `replay`.
            let acceptedID = try db.scalar(
                "SELECT id FROM accepted WHERE node_id = ? AND seq = ?",
                [.text(h.nodeID), .integer(Int64(clamping: seq))])?
                .string
            let original = try acceptedID.map { try home.store.get(id: $0) }
            if let acceptedID, let original, let originalContent = try? CMSInspector.inspect(der: original).content,
                originalContent[...] != p.content
            {
                try insertQuarantine(p, conflictsWith: acceptedID, now: now)
                return try record(
                    outcome(
                        .quarantined, p, reason: "fork",
                        message: "different content for an already accepted (node, seq)"),
                    detail: "ALERT fork: node \(h.nodeID) signed different content for accepted sequence \(seq) "
                        + "(\(acceptedID)); the node is stopped until `dsync hub resolve --keep \(acceptedID)`")
            }
            throw HubError(
                "replay",
                "sequence \(seq) of node \(h.nodeID) is at or below the accepted head \(headSeq) and is not "
                    + "byte-identical to the accepted changeset (rollback refused)")
        }
        // An unresolved fork blocks the node: the forked seq joins the quarantine, later ones wait.
        if let forkSeq = try db.scalar(
            "SELECT MIN(seq) FROM quarantine WHERE node_id = ? AND resolved_at IS NULL", [.text(h.nodeID)])?.int64
        {
            if seq == UInt64(clamping: forkSeq) {
                let other =
                    try db.scalar(
                        "SELECT id FROM quarantine WHERE node_id = ? AND seq = ? AND resolved_at IS NULL LIMIT 1",
                        [.text(h.nodeID), .integer(forkSeq)])?.string ?? ""
                try insertQuarantine(p, conflictsWith: other, now: now)
                return try record(
                    outcome(.quarantined, p, reason: "fork", message: "another changeset for this (node, seq) exists"),
                    detail: "ALERT fork: conflicts with \(other)")
            }
            if seq > UInt64(clamping: forkSeq) {
                return try hold(p, source: source, now: now)
            }
        }
        if seq == headSeq + 1 {
            if let other = try db.scalar(
                "SELECT id FROM held WHERE node_id = ? AND seq = ?", [.text(h.nodeID), .integer(Int64(clamping: seq))])?
                .string,
                other != p.id
            {
                return try fork(p, with: other, source: source, now: now)
            }
            let expected = head?[1].string ?? hexString(ChangesetHeader.zeroHash)
            guard p.previousHashHex == expected else {
                throw HubError(
                    "chain_broken",
                    "the previous-changeset hash does not match the hub's head of node \(h.nodeID) at sequence \(headSeq)"
                )
            }
            let receipt = try accept(p, now: now)
            return try record(outcome(.accepted, p, receipt: receipt))
        }
        guard seq - headSeq <= settings.maxSequenceGap else {
            throw HubError(
                "seq_gap_too_large",
                "sequence \(seq) is \(seq - headSeq) ahead of node \(h.nodeID)'s head \(headSeq); "
                    + "the limit is \(settings.maxSequenceGap)")
        }
        return try hold(p, source: source, now: now)
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
            try db.cached(
                "INSERT INTO held (id, district, node_id, seq, prev_hash, received_at) VALUES (?, ?, ?, ?, ?, ?)"
            ).run([
                .text(p.id), .text(h.districtCode), .text(h.nodeID), .integer(Int64(clamping: h.sequence)),
                .text(p.previousHashHex), .integer(now),
            ])
        } catch {
            guard error.isConstraint else { throw error }
            collided = true
        }
        if collided {
            // UNIQUE (node_id, seq): a different changeset already holds this place in the chain.
            let other =
                try db.scalar(
                    "SELECT id FROM held WHERE node_id = ? AND seq = ?",
                    [.text(h.nodeID), .integer(Int64(clamping: h.sequence))])?.string ?? ""
            return try fork(p, with: other, source: source, now: now)
        }
        return try record(
            outcome(.held, p, reason: "gap", message: "waiting for an earlier changeset of node \(h.nodeID)"),
            detail: nil, source: source, now: now)
    }

    func fork(_ p: PreparedChangeset, with other: String, source: String, now: Int64) throws -> SubmissionOutcome {
        let h = p.header
        if let row = try db.queryOne("SELECT district, prev_hash FROM held WHERE id = ?", [.text(other)]) {
            try db.execute("DELETE FROM held WHERE id = ?", [.text(other)])
            try db.execute(
                "INSERT INTO quarantine (id, district, node_id, seq, conflicts_with, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(other), row[0], .text(h.nodeID), .integer(Int64(clamping: h.sequence)), .text(p.id),
                    .integer(now),
                ])
        }
        try insertQuarantine(p, conflictsWith: other, now: now)
        return try record(
            outcome(.quarantined, p, reason: "fork", message: "two different changesets for one (node, seq)"),
            detail:
                "ALERT fork: node \(h.nodeID) signed two changesets for sequence \(h.sequence): \(other) and \(p.id); "
                + "run `dsync hub resolve --keep ID`", source: source, now: now)
    }

    func insertQuarantine(_ p: PreparedChangeset, conflictsWith other: String, now: Int64) throws {
        let h = p.header
        try db.execute(
            "INSERT INTO quarantine (id, district, node_id, seq, conflicts_with, received_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .text(p.id), .text(h.districtCode), .text(h.nodeID), .integer(Int64(clamping: h.sequence)),
                .text(other),
                .integer(now),
            ])
    }
}
