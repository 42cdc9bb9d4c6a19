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

        /// Whether this officer's post satisfies C.V.2 for `unit`: the plan's eligible office and role
        /// for the unit's kind (`config/eligible-offices.csv`).
        func covers(_ unit: OrgUnit, _ rule: EligibleOffices) -> Bool {
            rule.covers(kind: unit.kind, office: office, role: role)
        }

        /// The same person recorded twice (same unit, folded name, decision) is one official (B.4).
        var personKey: String {
            district + "|" + VietnameseText.folded(fullName) + "|" + VietnameseText.folded(decision)
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
        let store = ReportStore(db: db)
        var data = ReportData()
        data.officers = try store.officers()
        // A training counts for an officer only when the officer's own unit filed it (ownership,
        // issue 12): another unit's row naming the officer's id never makes them "trained".
        var officerDistrict: [String: String] = [:]
        for o in data.officers { officerDistrict[o.id] = o.district }
        for t in try store.trainings() {
            guard officerDistrict[t.officerID] == t.district else { continue }
            data.trainings[t.officerID, default: []].append(t.date)
        }
        data.signers = try store.signers(firstUsedBefore: cutoffMillis)
        for (district, c) in try store.acceptedByDistrict(before: cutoffMillis) {
            data.accepted[district] = AcceptedSummary(count: c.count, newest: c.newest ?? .min)
        }
        return data
    }
}
