import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

extension HubService {
    /// Verify before parse (T1, S1): the CMS signature and chain, then the strict header decode, then
    /// every check that needs no hub state. The changes are decoded and checked as they are merged
    /// (or, for a changeset that will be held, by `checkChanges` before it is). Throws a `HubError`
    /// whose code is the rejection reason.
    ///
    /// Time (issue 12, Why 4): the certificate must be valid at `arrivedAt` — when the hub first
    /// received the bytes (a held changeset's arrival), else `now` — never at the signer-chosen
    /// signing time alone; and the signing time must be plausible (`checkSigningTime`).
    func prepare(bytes: [UInt8], id: String, now: Int64, arrivedAt: Int64? = nil) throws -> PreparedChangeset {
        let verified: VerifiedSignedData
        let arrival = min(arrivedAt ?? now, now)
        do {
            verified = try CMSVerifier.verify(
                der: bytes, policy: policy, now: Date(timeIntervalSince1970: Double(now) / 1000),
                maxBytes: settings.maxChangesetBytes, validityAt: Date(timeIntervalSince1970: Double(arrival) / 1000))
        } catch {
            throw HubError(error.code.rawValue, error.reason)
        }
        let header: ChangesetHeader
        do {
            header = try ChangeStream(content: verified.contentBytes).header
        } catch {
            let code = error.code == "unknown_format_version" ? "schema_mismatch" : error.code
            throw HubError(code, error.message)
        }
        guard header.cityID == settings.cityID else {
            throw HubError(
                "wrong_city", "the changeset is for city '\(header.cityID)'; this hub serves '\(settings.cityID)'")
        }
        // Every schema up to the current one merges (a later schema only adds tables), so nodes can
        // upgrade after the hub; a changeset of an unknown schema or fingerprint cannot be read.
        guard SyncedTable.accepts(version: header.schemaVersion, fingerprint: header.schemaFingerprint) else {
            throw HubError(
                "schema_mismatch",
                "the changeset targets schema version \(header.schemaVersion) with another fingerprint; "
                    + "this hub reads versions 1…\(SyncedTable.schemaVersion); upgrade the hub before the nodes")
        }
        let signingMillis = Int64((verified.signingTime.timeIntervalSince1970 * 1000).rounded())
        // A unit that has ended still hands in its back-filled data: what matters is the time each
        // record describes (`UnitPeriodCheck`, as the changes are read), not the signing date.
        guard !orgUnits.units(code: header.districtCode).isEmpty else {
            throw HubError(
                "unknown_district",
                "unit code '\(header.districtCode)' is not in the hub's unit list; install a list that holds it "
                    + "(dsync hub units install FILE)")
        }
        try checkSigner(verified.signer, district: header.districtCode)
        guard header.hlcMax.physicalMillis <= now + settings.maxClockAheadMillis else {
            throw HubError(
                "clock_ahead",
                "the changeset's newest clock is \((header.hlcMax.physicalMillis - now) / 1000) s ahead of the hub's "
                    + "clock; fix the node's date and time")
        }
        try checkSigningTime(signingMillis, header: header, arrival: arrival)
        return PreparedChangeset(
            id: id, bytes: bytes, content: verified.contentBytes, header: header, signer: verified.signer,
            signingTimeMillis: signingMillis)
    }

    /// The signing time is chosen by the signer, so it only has to be plausible: not older than the
    /// newest change it signs (CMS signing time has one-second resolution, so compared in whole
    /// seconds), and not older than the hub's arrival time by more than `signingTimeWindowDays`.
    func checkSigningTime(_ signingMillis: Int64, header: ChangesetHeader, arrival: Int64) throws {
        func second(_ millis: Int64) -> Int64 { millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000) }
        if header.hlcMax != .zero, second(signingMillis) < second(header.hlcMax.physicalMillis) {
            throw HubError(
                "signing_time_implausible",
                "the signing time \(ISODate.fromUnixMillis(signingMillis)) is older than the newest change it signs "
                    + "(\(ISODate.fromUnixMillis(header.hlcMax.physicalMillis))): a backdated signature")
        }
        let window = settings.signingTimeWindowMillis
        if arrival - signingMillis > window {
            throw HubError(
                "signing_time_implausible",
                "the signing time \(ISODate.fromUnixMillis(signingMillis)) is more than \(window / 86_400_000) days "
                    + "before the hub received the changeset (signingTimeWindowDays in hub.json); if the "
                    + "district was known to be offline that long, the hub operator may raise the setting and "
                    + "import again")
        }
    }

    /// Reads every change of a changeset that is not merged now (held for a gap): the strict decode
    /// and the district rule, so nothing malformed waits in the chain.
    func checkChanges(_ p: PreparedChangeset) throws {
        let stream = try p.changes()
        let district = p.header.districtCode
        let periods = UnitPeriodCheck(units: orgUnits.units(code: district))
        while try stream.next() {
            try stream.withCurrentBytes { b in
                try periods.check(stream, bytes: b)
                try CityMerger.checkDistrictField(stream, bytes: b, district: district)
            }
        }
    }

    /// The signer must speak for the district: by a district URI in its certificate, or by enrollment.
    func checkSigner(_ signer: Certificate, district: String) throws {
        let codes = signer.districtCodes
        if !codes.isEmpty {
            guard codes.contains(district) else {
                throw HubError(
                    "district_mismatch",
                    "the signer's certificate is for district \(codes.joined(separator: ", ")), "
                        + "not \(district)")
            }
            return
        }
        let enrolled = try store.enrolledDistrict(fingerprint: signer.sha256Fingerprint)
        guard enrolled == district else {
            throw HubError(
                "district_mismatch",
                enrolled.map { "the signer is enrolled for district \($0), not \(district)" }
                    ?? "the signer's certificate names no district and is not enrolled; "
                    + "run `dsync hub enroll --district \(district) --cert FILE`")
        }
    }

    static func hubError(_ error: any Error) -> HubError {
        switch error {
        case let e as HubError: return e
        case let e as CryptoError: return HubError(e.code.rawValue, e.reason)
        case let e as CoreError: return HubError(e.code, e.message)
        case let e as SQLiteError where e.isDiskFull:
            return HubError(
                "hub_disk_full",
                "the disk holding the hub database is full (\(e.message)); free space there and import the same "
                    + "files again (nothing from this changeset was merged)")
        case let e as SQLiteError where e.isCorrupt:
            return CityIntegrity.damaged(e)
        case let e as SQLiteError:
            return HubError(e.isBusy ? "hub_busy" : "internal_error", "hub database error: \(e.message)")
        default: return HubError("internal_error", "\(error)")
        }
    }
}
