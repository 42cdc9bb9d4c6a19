public import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// One check of `GET /readyz` (docs/operations.md): its name, whether it passed, the reason code
/// when it did not, and a line that says what was found.
public struct ReadinessCheck: Encodable, Sendable, Equatable {
    public let name: String
    public let ok: Bool
    public let reason: String?
    /// What was found, in English (`detail`) and Vietnamese (`detail_vi`).
    public let text: LocalizedText

    public var detail: String { text.en }

    enum CodingKeys: String, CodingKey {
        case name, ok, reason, detail
        case detailVi = "detail_vi"
    }

    public init(name: String, ok: Bool, reason: String? = nil, detail: LocalizedText) {
        self.name = name
        self.ok = ok
        self.reason = reason
        self.text = detail
    }

    // `reason` is always printed (null when ok), as the other JSON bodies of the hub do.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(ok, forKey: .ok)
        try c.encode(reason, forKey: .reason)
        try c.encode(text.en, forKey: .detail)
        try c.encode(text.vi, forKey: .detailVi)
    }
}

/// Whether the hub can accept changesets now: readiness, beside liveness (`/healthz`).
public struct HubReadiness: Encodable, Sendable, Equatable {
    public let hubID: String
    public let checks: [ReadinessCheck]

    public var isReady: Bool { checks.allSatisfy(\.ok) }

    enum CodingKeys: String, CodingKey {
        case hubID = "hub_id"
        case status, checks
    }

    public init(hubID: String, checks: [ReadinessCheck]) {
        self.hubID = hubID
        self.checks = checks
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hubID, forKey: .hubID)
        try c.encode(isReady ? "ready" : "not_ready", forKey: .status)
        try c.encode(checks, forKey: .checks)
    }
}

extension HubService {
    /// The free space below which the hub is not ready: room for two of the largest changesets it
    /// accepts (the stored copy and the database growth of its merge), and at least 64 MiB.
    var minimumFreeBytes: Int64 { max(64 * 1024 * 1024, 2 * Int64(settings.maxChangesetBytes)) }

    /// The checks of `GET /readyz`: the database can take a write now and the disk has room, the
    /// newest CRL of every issuer is within its nextUpdate (what `submit` requires), and both
    /// signing keys are loaded (receipts, checkpoints).
    public func readiness() -> HubReadiness {
        let now = Date(timeIntervalSince1970: Double(clock.nowMillis()) / 1000)
        return HubReadiness(
            hubID: settings.hubID,
            checks: [databaseCheck(), crlCheck(at: now), keyCheck("receipt_key", hubKey), keyCheck("log_key", logKey)])
    }

    func databaseCheck() -> ReadinessCheck {
        let name = "database"
        if db.isReadOnly {
            return ReadinessCheck(
                name: name, ok: false, reason: "database_error",
                detail: LocalizedText(
                    vi: "hub.db đang mở chỉ đọc; cấp quyền ghi \(home.path) cho người dùng chạy dịch vụ",
                    en: "hub.db is open read-only; give the service user write access to \(home.path)"))
        }
        do {
            try canWrite()
        } catch {
            let failure = Self.hubError(error)
            return ReadinessCheck(
                name: name, ok: false, reason: failure.code,
                detail: failure.localized ?? LocalizedText(vi: failure.message, en: failure.message))
        }
        for directory in [home.path, home.store.directory] where access(directory, W_OK) != 0 {
            return ReadinessCheck(
                name: name, ok: false, reason: "io_error",
                detail: LocalizedText(
                    vi: "tiến trình này không ghi được vào \(directory); sửa chủ sở hữu hoặc quyền của nó",
                    en: "\(directory) is not writable by this process; fix its owner or mode"))
        }
        guard let free = Self.freeBytes(path: home.path) else {
            return ReadinessCheck(
                name: name, ok: false, reason: "io_error",
                detail: LocalizedText(
                    vi: "không đọc được dung lượng trống của \(home.path)",
                    en: "cannot read the free space of \(home.path)"))
        }
        guard free >= minimumFreeBytes else {
            return ReadinessCheck(
                name: name, ok: false, reason: "hub_disk_full",
                detail: LocalizedText(
                    vi: "còn \(free) byte trống trong \(home.path); cần ít nhất \(minimumFreeBytes) byte để "
                        + "hợp nhất; giải phóng ổ đĩa",
                    en: "\(free) bytes free under \(home.path); at least \(minimumFreeBytes) are needed to "
                        + "merge; free some space"))
        }
        return ReadinessCheck(
            name: name, ok: true,
            detail: LocalizedText(vi: "ghi được; còn \(free) byte trống", en: "writable; \(free) bytes free"))
    }

    func crlCheck(at now: Date) -> ReadinessCheck {
        let name = "crl"
        guard policy.checkRevocation, policy.requireCRL else {
            return ReadinessCheck(
                name: name, ok: true,
                detail: LocalizedText(
                    vi: "hub này không bắt buộc kiểm tra thu hồi", en: "revocation is not required by this hub"))
        }
        guard !policy.crls.isEmpty else {
            return ReadinessCheck(
                name: name, ok: false, reason: "crl_missing",
                detail: LocalizedText(
                    vi: "chưa cài CRL nào; cài CRL của CA thành phố bằng `dsync hub crl`",
                    en: "no CRL is installed; install the city CA's with `dsync hub crl`"))
        }
        var newest: [String: CertificateRevocationList] = [:]
        for crl in policy.crls where (newest[crl.issuer]?.lastUpdate ?? .distantPast) < crl.lastUpdate {
            newest[crl.issuer] = crl
        }
        let formatter = ISO8601DateFormatter()
        for (issuer, crl) in newest.sorted(by: { $0.key < $1.key })
        where crl.isStale(at: now, grace: policy.crlGracePeriod) {
            let until = crl.nextUpdate.map { formatter.string(from: $0) } ?? "no nextUpdate"
            return ReadinessCheck(
                name: name, ok: false, reason: "crl_stale",
                detail: LocalizedText(
                    vi: "CRL mới nhất của \(issuer) đã hết hạn (\(until)); cài một CRL mới",
                    en: "the newest CRL of \(issuer) lapsed (\(until)); install a fresh one"))
        }
        let next = newest.values.compactMap(\.nextUpdate).min().map { formatter.string(from: $0) } ?? "-"
        return ReadinessCheck(
            name: name, ok: true,
            detail: LocalizedText(
                vi: "CRL của \(newest.count) CA còn hạn; CRL sớm hết hạn nhất: \(next)",
                en: "\(newest.count) issuer(s) fresh; the next lapses at \(next)"))
    }

    func keyCheck(_ name: String, _ key: PrivateKey?) -> ReadinessCheck {
        guard key != nil else {
            return ReadinessCheck(
                name: name, ok: false, reason: "no_hub_key",
                detail: LocalizedText(
                    vi: "khóa chưa được nạp; chạy `hub serve` với mật khẩu khóa của hub",
                    en: "the key is not loaded; start `hub serve` with the hub key's passphrase"))
        }
        return ReadinessCheck(name: name, ok: true, detail: LocalizedText(vi: "đã nạp", en: "loaded"))
    }

    /// Free bytes for an unprivileged writer on the file system holding `path`.
    static func freeBytes(path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
