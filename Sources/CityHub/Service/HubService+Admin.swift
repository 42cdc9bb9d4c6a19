public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// One district's line in `hub status`.
public struct DistrictStatus: Codable, Sendable, Equatable {
    public let district: String
    public let nodes: Int
    public let lastSeq: Int64?
    public let lastHash: String?
    public let lastAcceptedAt: Int64?
    public let held: Int64
    public let quarantined: Int64
    public let stale: Bool
}

/// One row of the audit log.
public struct AuditEntry: Codable, Sendable, Equatable {
    public let seq: Int64
    public let at: Int64
    public let outcome: String
    public let reason: String?
    public let detail: String?
    public let changesetID: String?
    public let district: String?
    public let nodeID: String?
    public let changesetSeq: Int64?
    public let source: String
}

/// A node's chain head, for a replacement laptop (`hub head`).
public struct NodeHead: Codable, Sendable, Equatable {
    public let nodeID: String
    public let district: String
    public let seq: Int64
    public let hash: String
    /// The newest HLC (raw value) accepted from the node.
    public let hlcMax: UInt64

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case district, seq, hash
        case hlcMax = "hlc_max"
    }
}

extension HubService {
    /// Binds a certificate without a district URI (a government-issued one) to a district.
    public func enroll(district: String, certificatePath: String) throws -> Certificate {
        guard let cert = try Certificate.loadAll(path: certificatePath).first else {
            throw HubError(
                "bad_certificate_file",
                LocalizedText(
                    vi: "\(certificatePath) không chứa chứng thư số nào", en: "\(certificatePath) holds no certificate")
            )
        }
        guard cert.districtCodes.isEmpty else {
            throw HubError(
                "already_bound",
                LocalizedText(
                    vi: "chứng thư số đã ghi đơn vị \(cert.districtCodes.joined(separator: ", ")); "
                        + "chỉ đăng ký cho chứng thư số không có URI đơn vị",
                    en: "the certificate already names district \(cert.districtCodes.joined(separator: ", ")); "
                        + "enrollment is only for certificates without a district URI"))
        }
        // Any unit of the list, ended ones too: an officer may back-fill a district's plan years.
        guard !orgUnits.units(code: district).isEmpty else {
            throw HubError(
                "unknown_district",
                LocalizedText(
                    vi: "không có mã đơn vị '\(district)'; ghi một mã trong danh sách đơn vị của "
                        + "hub (docs/units.md)",
                    en: "unknown unit code '\(district)'; give a code of the hub's unit list (docs/units.md)"))
        }
        try db.transaction(.immediate) {
            try store.enroll(
                fingerprint: cert.sha256Fingerprint, district: district, subject: cert.subject, at: clock.nowMillis())
            try AuditLog(db: db).append(
                at: clock.nowMillis(), outcome: "enrolled", reason: nil,
                detail: "certificate \(cert.sha256Fingerprint) bound to district \(district)", changesetID: nil,
                district: district, nodeID: nil, seq: nil, source: "cli")
        }
        return cert
    }

    /// Installs a new unit list (`dsync hub units install FILE`) as `HOME/config/units.csv`, refused
    /// (`units_dropped`) when it no longer holds a unit some node, held changeset or enrollment uses.
    public func installUnits(text: String) throws -> OrgUnitList {
        let inUse = try store.unitsInUse()
        let replacement = try OrgUnitList.checkReplacement(current: orgUnits, newText: text, inUse: inUse)
        try DurableFile.write(Array(text.utf8), to: home.resolve(OrgUnitList.installedPath))
        orgUnits = replacement
        try db.transaction(.immediate) {
            try AuditLog(db: db).append(
                at: clock.nowMillis(), outcome: "units_installed", reason: nil,
                detail: "\(replacement.units.count) units; SHA-256 \(Digest.hex(Digest.sha256(Array(text.utf8))))",
                changesetID: nil, district: nil, nodeID: nil, seq: nil, source: "cli")
        }
        return replacement
    }

    /// Installs a CRL signed by a trust anchor and not older than the installed one of that issuer.
    public func addCRL(path: String) throws {
        let crls = try CertificateRevocationList.loadAll(path: path)
        // The later of the hub clock and the system clock: a fixed clock (DSYNC_NOW, demos and tests
        // set in the past) must not make a CRL the CA issued a minute ago look "from the future".
        let reference = max(clock.nowMillis(), Int64(Date().timeIntervalSince1970 * 1000))
        let latest = Date(timeIntervalSince1970: Double(reference + settings.maxClockAheadMillis) / 1000)
        for crl in crls {
            guard policy.roots.contains(where: { crl.isSigned(by: $0) }) else {
                throw HubError(
                    "crl_untrusted",
                    LocalizedText(
                        vi: "CRL trong \(path) không do gốc tin cậy nào của hub ký; đã từ chối",
                        en: "the CRL in \(path) is not signed by any of the hub's trust anchors; refused"))
            }
            // A CRL dated in the future would stay "newest" and freeze revocation: every correct,
            // later-issued CRL would then be refused as older (issue 12, Build 5).
            guard crl.lastUpdate <= latest else {
                throw HubError(
                    "crl_from_future",
                    LocalizedText(
                        vi: "CRL trong \(path) ghi ngày phát hành \(crl.lastUpdate), muộn hơn đồng "
                            + "hồ của hub cộng độ lệch cho phép (\(latest)); đã từ chối. Kiểm tra đồng "
                            + "hồ của CA rồi phát hành lại CRL",
                        en:
                            "the CRL in \(path) says it was issued \(crl.lastUpdate), after the hub's clock plus the allowed "
                            + "skew (\(latest)); refused. Check the CA's clock and issue the CRL again"))
            }
            if let installed = policy.crls.filter({ $0.issuer == crl.issuer }).map(\.lastUpdate).max(),
                crl.lastUpdate < installed
            {
                throw HubError(
                    "crl_older",
                    LocalizedText(
                        vi: "CRL trong \(path) phát hành ngày \(crl.lastUpdate), sớm hơn CRL đang cài "
                            + "(\(installed)); đã từ chối",
                        en:
                            "the CRL in \(path) was issued \(crl.lastUpdate), before the installed one (\(installed)); refused"
                    ))
            }
        }
        for crl in crls {
            let name = "crls/\(Digest.hex(Digest.sha256(crl.der)).prefix(16)).pem"
            try DurableFile.write(Array(CRLPEM.encode(crl.der).utf8), to: home.resolve(name))
            if !settings.crls.contains(name) { settings.crls.append(name) }
            policy.crls.append(crl)
        }
        try home.save(settings)
        try db.transaction(.immediate) {
            try AuditLog(db: db).append(
                at: clock.nowMillis(), outcome: "crl_installed", reason: nil, detail: crls.map(\.issuer).joined(),
                changesetID: nil, district: nil, nodeID: nil, seq: nil, source: "cli")
        }
    }

    /// The hub database's schema version (the migrator's user version; an older dsync refuses a newer one).
    public func databaseSchemaVersion() throws -> Int { try db.userVersion }

    /// Per district: newest head, held and quarantined counts.
    public func status() throws -> [DistrictStatus] {
        let now = clock.nowMillis()
        let staleBefore = now - Int64(settings.staleDays) * 86_400_000
        return try store.districtsWithActivity().sorted().map { d in
            let c = try store.counts(district: d)
            return DistrictStatus(
                district: d, nodes: Int(c.nodes), lastSeq: c.lastSeq, lastHash: c.lastHash,
                lastAcceptedAt: c.lastAcceptedAt, held: c.held, quarantined: c.quarantined,
                stale: (c.lastAcceptedAt ?? 0) < staleBefore)
        }
    }

    /// Audit rows, oldest first, optionally filtered.
    public func audit(district: String? = nil, outcome: String? = nil) throws -> [AuditEntry] {
        try store.audit(district: district, outcome: outcome)
    }

    /// The signed receipt of an accepted changeset, nil when it is not accepted (yet).
    public func receipt(changesetID: String) throws -> [UInt8]? {
        try store.receipt(changesetID: changesetID)
    }

    /// The chain head of `node`, for a replacement node (docs/hub.md).
    public func head(node: String) throws -> NodeHead {
        guard let r = try store.head(node: node)
        else {
            throw HubError(
                "unknown_node",
                LocalizedText(
                    vi: "hub chưa tiếp nhận tập thay đổi nào từ nút \(node)",
                    en: "the hub has accepted nothing from node \(node)"))
        }
        return NodeHead(
            nodeID: node, district: r.district, seq: r.seq, hash: r.hash, hlcMax: UInt64(bitPattern: r.hlcMax))
    }

    /// The head of the district's node that the hub heard from last (for a district with one laptop).
    public func head(district: String) throws -> NodeHead {
        let nodes = try store.nodes(district: district)
        guard let node = nodes.first ?? nil else {
            throw HubError(
                "unknown_node",
                LocalizedText(
                    vi: "hub chưa tiếp nhận tập thay đổi nào từ đơn vị \(district)",
                    en: "the hub has accepted nothing from district \(district)"))
        }
        guard nodes.count == 1 else {
            throw HubError(
                "several_nodes",
                LocalizedText(
                    vi:
                        "đơn vị \(district) có \(nodes.count) nút (\(nodes.compactMap { $0 }.joined(separator: ", "))); "
                        + "ghi nút bị mất bằng --node ID",
                    en:
                        "district \(district) has \(nodes.count) nodes (\(nodes.compactMap { $0 }.joined(separator: ", "))); "
                        + "name the lost one with --node ID"))
        }
        return try head(node: node)
    }

    /// The head signed by the hub key (CMS over `ChainHead`), for `node init --resume-from-hub`.
    public func signedHead(_ head: NodeHead) throws -> [UInt8] {
        let now = clock.nowMillis()
        let chainHead = ChainHead(
            cityID: settings.cityID, district: head.district, nodeID: head.nodeID, sequence: UInt64(clamping: head.seq),
            hash: head.hash, hlcMax: head.hlcMax, hubTimeMillis: now, hubID: settings.hubID)
        guard let hubKey else {
            throw HubError(
                "no_hub_key",
                LocalizedText(
                    vi: "chưa nạp khóa của hub; không ký được đầu chuỗi",
                    en: "the hub key is not loaded; the head cannot be signed"))
        }
        return try CMSSigner.sign(
            content: chainHead.encode(), certificate: hubCertificate, key: hubKey,
            signingTime: Date(timeIntervalSince1970: Double(now) / 1000))
    }

    /// Resolves a fork: keeps `id`, rejects the changesets it conflicts with, then applies what waits.
    public func resolve(keep id: String, source: String = "cli") throws -> SubmissionOutcome {
        if let place = try store.acceptedPlace(id: id) {
            let (node, seq) = (place.nodeID, place.seq)
            // Keeping the accepted side of an equivocation: reject the quarantined others, unblock the node.
            let now = clock.nowMillis()
            let losers = try store.unresolvedQuarantined(node: node, seq: seq)
            guard !losers.isEmpty else {
                throw HubError(
                    "not_quarantined",
                    LocalizedText(
                        vi: "\(id) đã được tiếp nhận và không có tập thay đổi nào xung đột với nó",
                        en: "\(id) is accepted and nothing conflicts with it"))
            }
            try rejectLosers(losers, kept: id, node: node, seq: seq, now: now, source: source)
            promoteHeld(node: node, source: source + " (resolve)")
            return SubmissionOutcome(outcome: .duplicate, message: "kept the accepted changeset", id: id, nodeID: node)
        }
        guard let place = try store.quarantinedPlace(id: id) else {
            throw HubError(
                "not_quarantined",
                LocalizedText(
                    vi: "\(id) không phải tập thay đổi đang bị cách ly chưa giải quyết; xem `dsync " + "hub status`",
                    en: "\(id) is not an unresolved quarantined changeset; see `dsync hub status`"))
        }
        let (node, seq) = (place.nodeID, place.seq)
        if let accepted = try store.acceptedID(node: node, seq: seq) {
            throw HubError(
                "cannot_unapply",
                LocalizedText(
                    vi: "số thứ tự \(seq) của nút \(node) đã được hợp nhất là \(accepted); hãy "
                        + "giữ tập đó (`dsync hub resolve --keep \(accepted)`) và sửa dữ liệu bằng "
                        + "một tập thay đổi mới",
                    en: "sequence \(seq) of node \(node) is already merged as \(accepted); keep that one "
                        + "(`dsync hub resolve --keep \(accepted)`) and correct the data with a new changeset"))
        }
        let now = clock.nowMillis()
        let losers = try store.unresolvedQuarantined(node: node, seq: seq, except: id)
        try db.transaction(.immediate) {
            try store.resolveQuarantined(id: id, at: now, resolution: "kept")
        }
        try rejectLosers(losers, kept: id, node: node, seq: seq, now: now, source: source)
        return submit(bytes: try home.store.get(id: id), source: source + " (resolve)")
    }

    func rejectLosers(_ losers: [String], kept id: String, node: String, seq: Int64, now: Int64, source: String) throws
    {
        try db.transaction(.immediate) {
            for loser in losers {
                try store.resolveQuarantined(id: loser, at: now, resolution: "rejected (kept \(id))")
                try AuditLog(db: db).append(
                    at: now, outcome: "rejected", reason: "fork_rejected", detail: "operator kept \(id)",
                    changesetID: loser, district: nil, nodeID: node, seq: seq, source: source)
            }
        }
        for loser in losers {
            if let bytes = try? home.store.get(id: loser) {
                rejectedStore.keep(id: loser, bytes: bytes)
            }
        }
    }
}
