import DistrictSyncCore
import SQLiteDB

/// The small tables reports read (officers, trainings, signers, accepted changesets), loaded once
/// from the hub database (live rows only: `_exists = 1`). Enterprises and survey answers are
/// streamed by `SurveyTallies`, never held as rows.
struct ReportData {
    struct OfficerRow {
        let id, district, family, middle, given, fullName, office, role, decision, decisionDate, start: String
        let end: String?
        let certFingerprint, certSerial: String

        /// Start inclusive, end exclusive, as `Officer.isActive(on:)`.
        func isActive(on date: String) -> Bool { start <= date && (end.map { date < $0 } ?? true) }

        /// Whether this officer's post satisfies C.V.2: e-commerce role in an eligible office.
        var isCoveringPost: Bool {
            role == OfficerRole.ecommerce.rawValue
                && (office == Office.kinhTe.rawValue || office == Office.congThuong.rawValue)
        }
    }

    struct SignerRow {
        let fingerprint, district, serial: String
        let notBefore, notAfter, firstUsedAt: Int64
    }

    struct AcceptedSummary {
        var count = 0
        var newest: Int64 = .min
    }

    var officers: [OfficerRow] = []
    /// Training dates per officer id.
    var trainings: [String: [String]] = [:]
    var signers: [SignerRow] = []
    var accepted: [String: AcceptedSummary] = [:]

    static let surveyAnswerColumns = [
        "email_use", "website", "ecommerce_site", "edi", "software", "b2b", "b2c", "cashless", "e_bill_payment",
        "consumer_e_channel",
    ]

    static func load(_ db: Database, cutoffMillis: Int64) throws -> ReportData {
        var data = ReportData()
        func text(_ v: SQLValue) -> String { v.string ?? "" }
        func optText(_ v: SQLValue) -> String? { v.string.flatMap { $0.isEmpty ? nil : $0 } }
        for r in try db.query(
            """
            SELECT id, district, family_name, middle_name, given_name, full_name, office, role, decision_no,
                   decision_date, start_date, end_date, cert_fingerprint, cert_serial
            FROM officers WHERE _exists = 1
            """)
        {
            data.officers.append(
                OfficerRow(
                    id: text(r[0]), district: text(r[1]), family: text(r[2]), middle: text(r[3]), given: text(r[4]),
                    fullName: text(r[5]), office: text(r[6]), role: text(r[7]), decision: text(r[8]),
                    decisionDate: text(r[9]), start: text(r[10]), end: optText(r[11]), certFingerprint: text(r[12]),
                    certSerial: text(r[13])))
        }
        // A training counts for an officer only when the officer's own unit filed it (ownership,
        // issue 12): another unit's row naming the officer's id never makes them "trained".
        var officerDistrict: [String: String] = [:]
        for o in data.officers { officerDistrict[o.id] = o.district }
        for r in try db.query("SELECT officer_id, date, district FROM trainings WHERE _exists = 1") {
            guard officerDistrict[text(r[0])] == text(r[2]) else { continue }
            data.trainings[text(r[0]), default: []].append(text(r[1]))
        }
        for r in try db.query(
            """
            SELECT fingerprint, district, serial, not_before, not_after, first_used_at FROM signers
            WHERE first_used_at < ?
            """, [.integer(cutoffMillis)])
        {
            data.signers.append(
                SignerRow(
                    fingerprint: text(r[0]), district: text(r[1]), serial: text(r[2]), notBefore: r[3].int64 ?? 0,
                    notAfter: r[4].int64 ?? 0, firstUsedAt: r[5].int64 ?? 0))
        }
        for r in try db.query(
            "SELECT district, count(*), max(accepted_at) FROM accepted WHERE accepted_at < ? GROUP BY district",
            [.integer(cutoffMillis)])
        {
            data.accepted[text(r[0])] = AcceptedSummary(count: Int(r[1].int64 ?? 0), newest: r[2].int64 ?? .min)
        }
        return data
    }
}
