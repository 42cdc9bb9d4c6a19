public import ChangesetVerification
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
    ///
    /// With `evidence` (T15), "arrival" is when the city hub that logged the changeset accepted it
    /// (its receipt), and a certificate revoked after that instant does not refuse it; the receipt
    /// must name the same district, node and sequence as the changeset.
    func prepare(
        bytes: [UInt8], id: String, now: Int64, arrivedAt: Int64? = nil, evidence: LoggedEvidence? = nil
    ) throws -> PreparedChangeset {
        let arrival = min(evidence?.acceptedAtMillis ?? arrivedAt ?? now, now)
        var policy = changesetPolicy
        if let evidence {
            policy.trust.existedBefore = Date(timeIntervalSince1970: Double(evidence.acceptedAtMillis) / 1000)
        }
        // Steps 1–7 of the one verifier `dsync verify` runs too (ChangesetVerifier); then the
        // hub's own stateful check of the signing time against when it received the bytes.
        let checked = try ChangesetVerifier.checkEnvelope(
            bytes, policy: policy, now: Date(timeIntervalSince1970: Double(now) / 1000),
            validityAt: Date(timeIntervalSince1970: Double(arrival) / 1000),
            enrolledUnit: { try self.store.enrolledDistrict(fingerprint: $0) })
        try checkSigningTime(checked.signingTimeMillis, header: checked.header, arrival: arrival)
        if let evidence {
            let h = checked.header
            guard evidence.changesetID == id, evidence.district == h.districtCode, evidence.nodeID == h.nodeID,
                evidence.sequence == h.sequence
            else {
                throw Self.badEvidence(
                    vi:
                        "biên nhận ghi đơn vị \(evidence.district), nút \(evidence.nodeID), số \(evidence.sequence); tập "
                        + "thay đổi là của đơn vị \(h.districtCode), nút \(h.nodeID), số \(h.sequence)",
                    en: "the receipt names district \(evidence.district), node \(evidence.nodeID), seq "
                        + "\(evidence.sequence); the changeset is district \(h.districtCode), node \(h.nodeID), seq "
                        + "\(h.sequence)")
            }
        }
        return PreparedChangeset(id: id, bytes: bytes, envelope: checked, evidence: evidence)
    }

    /// The shared verifier's policy under this hub's trust, unit list, city and limits.
    public var changesetPolicy: ChangesetPolicy {
        ChangesetPolicy(
            trust: policy, units: orgUnits, cityID: settings.cityID, maxBytes: settings.maxChangesetBytes,
            maxClockAheadMillis: settings.maxClockAheadMillis)
    }

    /// The signing time is chosen by the signer, so it only has to be plausible: not older than the
    /// newest change it signs (CMS signing time has one-second resolution, so compared in whole
    /// seconds), and not older than the hub's arrival time by more than `signingTimeWindowDays`.
    func checkSigningTime(_ signingMillis: Int64, header: ChangesetHeader, arrival: Int64) throws {
        func second(_ millis: Int64) -> Int64 { millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000) }
        if header.hlcMax != .zero, second(signingMillis) < second(header.hlcMax.physicalMillis) {
            throw HubError(
                "signing_time_implausible",
                LocalizedText(
                    vi: "thời điểm ký \(ISODate.fromUnixMillis(signingMillis)) sớm hơn thay đổi "
                        + "mới nhất mà chữ ký bao gồm (\(ISODate.fromUnixMillis(header.hlcMax.physicalMillis))): "
                        + "chữ ký bị lùi ngày",
                    en:
                        "the signing time \(ISODate.fromUnixMillis(signingMillis)) is older than the newest change it signs "
                        + "(\(ISODate.fromUnixMillis(header.hlcMax.physicalMillis))): a backdated signature"))
        }
        let window = settings.signingTimeWindowMillis
        if arrival - signingMillis > window {
            throw HubError(
                "signing_time_implausible",
                LocalizedText(
                    vi: "thời điểm ký \(ISODate.fromUnixMillis(signingMillis)) sớm hơn quá \(window / 86_400_000) "
                        + "ngày so với lúc hub nhận tập thay đổi (signingTimeWindowDays trong hub.json); "
                        + "nếu biết đơn vị đã mất kết nối lâu như vậy, người quản trị hub có thể "
                        + "tăng thiết lập này rồi nhập lại",
                    en:
                        "the signing time \(ISODate.fromUnixMillis(signingMillis)) is more than \(window / 86_400_000) days "
                        + "before the hub received the changeset (signingTimeWindowDays in hub.json); if the "
                        + "district was known to be offline that long, the hub operator may raise the setting and "
                        + "import again"))
        }
    }

    /// Reads every change of a changeset that is not merged now (held for a gap): the strict decode
    /// and the shared change rules, so nothing malformed waits in the chain.
    func checkChanges(_ p: PreparedChangeset) throws {
        _ = try p.envelope.checkChanges()
    }

    static func hubError(_ error: any Error) -> HubError {
        switch error {
        case let e as HubError: return e
        case let e as ChangesetRejection: return HubError(e.code, e.text)
        case let e as CryptoError: return HubError(e.code.rawValue, e.text)
        case let e as CoreError: return HubError(e.code, e.text)
        case let e as SQLiteError where e.isDiskFull:
            return HubError(
                "hub_disk_full",
                LocalizedText(
                    vi: "ổ đĩa chứa cơ sở dữ liệu hub đã đầy (\(e.message)); giải phóng dung lượng "
                        + "ở đó rồi nhập lại đúng các tệp này (chưa hợp nhất phần nào của tập thay " + "đổi này)",
                    en:
                        "the disk holding the hub database is full (\(e.message)); free space there and import the same "
                        + "files again (nothing from this changeset was merged)"))
        case let e as SQLiteError where e.isCorrupt:
            return CityIntegrity.damaged(e)
        case let e as SQLiteError:
            return HubError(
                e.isBusy ? "hub_busy" : "internal_error",
                LocalizedText(vi: "lỗi cơ sở dữ liệu hub: \(e.message)", en: "hub database error: \(e.message)"))
        default: return HubError("internal_error", LocalizedText(vi: "lỗi nội bộ: \(error)", en: "\(error)"))
        }
    }
}
