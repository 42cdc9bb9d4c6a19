public import DistrictSyncCore
public import DistrictSyncCrypto
public import Foundation

/// The one changeset verifier: ordered policy steps that need no city database, shared by
/// `dsync verify`, the hub (which adds only its stateful checks: signing-time window against its
/// arrival time, chain position, ownership of existing records) and the fuzz targets.
///
/// The steps, in order (verify before parse, T1/S1), each with its reason codes:
/// 1. size and CMS envelope: signature, chain to the city roots, revocation, validity
///    (`too_large`, `bad_signature`, `chain_invalid`, `cert_expired`, `cert_revoked`, …);
/// 2. the header, strictly (`bad_magic`, `bad_header`, …; an unknown format is `schema_mismatch`);
/// 3. the city (`wrong_city`);
/// 4. the synced schema (`schema_mismatch`);
/// 5. the unit is in the unit list (`unknown_district`);
/// 6. the signer speaks for the unit, by URI or by enrollment (`district_mismatch`, `district_unbound`);
/// 7. the newest change is not ahead of the verifier's clock (`clock_ahead`);
/// 8. every change (`ChangeRules`, value domains, the closing counts; `foreign_record`,
///    `period_outside_unit`, `out_of_range`, …).
public enum ChangesetVerifier {
    /// The largest changeset file `dsync verify` reads.
    public static let maxBytes = ChangesetPolicy.defaultMaxBytes

    /// Steps 1–7. `validityAt`: when the certificate chain must be valid (nil: at the signed signing
    /// time, the auditor's view; the hub passes when it received the bytes). `enrolledUnit` gives the
    /// unit a certificate without a unit URI was enrolled for, by SHA-256 fingerprint; its own errors
    /// (a database that cannot be read) pass through unchanged. Every refusal is a `ChangesetRejection`.
    public static func checkEnvelope(
        _ bytes: [UInt8], policy: ChangesetPolicy, now: Date, validityAt: Date? = nil,
        enrolledUnit: (String) throws -> String?
    ) throws -> CheckedEnvelope {
        let signed: VerifiedSignedData
        do {
            signed = try CMSVerifier.verify(
                der: bytes, policy: policy.trust, now: now, maxBytes: policy.maxBytes, validityAt: validityAt)
        } catch {
            throw ChangesetRejection(error.code.rawValue, error.text)
        }
        let header: ChangesetHeader
        do {
            header = try ChangeStream(content: signed.contentBytes).header
        } catch {
            let code = error.code == "unknown_format_version" ? "schema_mismatch" : error.code
            throw ChangesetRejection(code, error.text)
        }
        if let city = policy.cityID, header.cityID != city {
            throw ChangesetRejection(
                "wrong_city",
                LocalizedText(
                    vi: "tập thay đổi dành cho thành phố '\(header.cityID)', ở đây là thành phố '\(city)'",
                    en: "the changeset is for city '\(header.cityID)'; this hub serves '\(city)'"))
        }
        // Every synced schema up to the current one is readable (a later one only adds tables), so
        // the hub is upgraded before the nodes.
        guard SyncedTable.accepts(version: header.schemaVersion, fingerprint: header.schemaFingerprint) else {
            throw ChangesetRejection(
                "schema_mismatch",
                LocalizedText(
                    vi: "tập thay đổi theo lược đồ phiên bản \(header.schemaVersion) với dấu vân tay khác; "
                        + "bản dsync này đọc các phiên bản 1…\(SyncedTable.schemaVersion); nâng cấp trạm thành phố trước các nút",
                    en: "the changeset targets schema version \(header.schemaVersion) with another fingerprint; "
                        + "this dsync reads versions 1…\(SyncedTable.schemaVersion); upgrade the hub before the nodes"))
        }
        // A unit that has ended still hands in its back-filled data: what matters is the time each
        // record describes (`ChangeRules`, as the changes are read), not the signing date.
        let units = policy.units.units(code: header.districtCode)
        guard !units.isEmpty else {
            throw ChangesetRejection(
                "unknown_district",
                LocalizedText(
                    vi: "mã đơn vị '\(header.districtCode)' không có trong danh sách đơn vị; cài danh sách có mã này "
                        + "(dsync hub units install TỆP)",
                    en: "unit code '\(header.districtCode)' is not in the unit list; install a list that holds it "
                        + "(dsync hub units install FILE)"))
        }
        try checkSigner(signed.signer, unit: header.districtCode, enrolledUnit: enrolledUnit)
        let nowMillis = Int64((now.timeIntervalSince1970 * 1000).rounded())
        guard header.hlcMax.physicalMillis <= nowMillis + policy.maxClockAheadMillis else {
            let ahead = (header.hlcMax.physicalMillis - nowMillis) / 1000
            throw ChangesetRejection(
                "clock_ahead",
                LocalizedText(
                    vi:
                        "đồng hồ của thay đổi mới nhất chạy trước đồng hồ nơi kiểm tra \(ahead) giây; chỉnh ngày giờ của nút",
                    en:
                        "the changeset's newest clock is \(ahead) s ahead of the verifier's clock; fix the node's date and time"
                ))
        }
        return CheckedEnvelope(signed: signed, header: header, units: units)
    }

    /// Step 6: the signer must speak for the unit, by a unit URI in its certificate or by enrollment.
    static func checkSigner(_ signer: Certificate, unit: String, enrolledUnit: (String) throws -> String?) throws {
        let codes = signer.districtCodes
        if !codes.isEmpty {
            guard codes.contains(unit) else {
                throw ChangesetRejection(
                    "district_mismatch",
                    LocalizedText(
                        vi:
                            "chứng thư số của người ký dành cho đơn vị \(codes.joined(separator: ", ")), không phải \(unit)",
                        en: "the signer's certificate is for district \(codes.joined(separator: ", ")), not \(unit)"))
            }
            return
        }
        guard let enrolled = try enrolledUnit(signer.sha256Fingerprint) else {
            throw ChangesetRejection(
                "district_unbound",
                LocalizedText(
                    vi: "chứng thư số của người ký không ghi đơn vị nào và chưa được đăng ký; "
                        + "chạy `dsync hub enroll --district \(unit) --cert TỆP`",
                    en: "the signer's certificate names no district and is not enrolled; "
                        + "run `dsync hub enroll --district \(unit) --cert FILE`"))
        }
        guard enrolled == unit else {
            throw ChangesetRejection(
                "district_mismatch",
                LocalizedText(
                    vi: "người ký được đăng ký cho đơn vị \(enrolled), không phải \(unit)",
                    en: "the signer is enrolled for district \(enrolled), not \(unit)"))
        }
    }

    /// Every step, 1–8: what `dsync verify` and the fuzz targets run. `enrolled` maps certificate
    /// fingerprints to units for certificates without a unit URI.
    public static func verify(
        _ bytes: [UInt8], policy: ChangesetPolicy, now: Date, validityAt: Date? = nil,
        enrolled: [String: String] = [:]
    ) throws(ChangesetRejection) -> VerifiedChangeset {
        do {
            let envelope = try checkEnvelope(bytes, policy: policy, now: now, validityAt: validityAt) { enrolled[$0] }
            let count = try envelope.checkChanges()
            return VerifiedChangeset(
                id: Digest.hex(Digest.sha256(bytes)), header: envelope.header, changeCount: count,
                signer: envelope.signed.signer, signingTime: envelope.signed.signingTime,
                content: envelope.signed.content)
        } catch let e as ChangesetRejection {
            throw e
        } catch {
            throw ChangesetRejection("internal_error", LocalizedText(vi: "lỗi nội bộ: \(error)", en: "\(error)"))
        }
    }
}

/// A changeset past steps 1–7: its verified envelope and header, and the units its code names.
public struct CheckedEnvelope: Sendable {
    public let signed: VerifiedSignedData
    public let header: ChangesetHeader
    /// The units with the header's code (at least one), for the period rule.
    public let units: [OrgUnit]

    /// The signing time in Unix milliseconds.
    public var signingTimeMillis: Int64 { Int64((signed.signingTime.timeIntervalSince1970 * 1000).rounded()) }

    /// The rules every change of this changeset passes (step 8).
    public var changeRules: ChangeRules { ChangeRules(district: header.districtCode, units: units) }

    /// A stream over the changes, checking values against their domains as the hub's entry does.
    public func changes() throws(ChangesetRejection) -> ChangeStream {
        do { return try ChangeStream(content: signed.contentBytes, checkingValues: true) } catch {
            throw ChangesetRejection(error)
        }
    }

    /// Step 8 on its own: reads every change through `changeRules` and the decoder's closing checks;
    /// returns how many changes there are.
    public func checkChanges() throws(ChangesetRejection) -> Int {
        try Self.check(changes(), rules: changeRules)
    }

    /// Reads every change of `stream` through `rules`; returns the count.
    public static func check(_ stream: ChangeStream, rules: ChangeRules) throws(ChangesetRejection) -> Int {
        var count = 0
        do {
            while try stream.next() {
                try stream.withCurrentBytes { b in try rules.check(stream, bytes: b) }
                count += 1
            }
        } catch let e as ChangesetRejection {
            throw e
        } catch let e as CoreError {
            throw ChangesetRejection(e)
        } catch {
            throw ChangesetRejection("internal_error", LocalizedText(vi: "lỗi nội bộ: \(error)", en: "\(error)"))
        }
        return count
    }
}
