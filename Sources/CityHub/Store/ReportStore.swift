import DistrictSyncCore
import SQLiteDB

/// The reads the reports make on a hub database (the live one or an as-of snapshot): live rows only
/// (`_exists = 1`) of the city tables, and the accepted changesets and signers known by a cut-off.
/// The big tables (enterprises, survey answers, a year's figures) are streamed row by row through
/// one prepared statement each; their columns are named by the `…Column` enums.
struct ReportStore {
    let db: Database

    /// An accepted changeset's id and acceptance time.
    struct AcceptedID {
        let id: String?
        let acceptedAt: Int64?
    }

    /// Per district: how many changesets were accepted in a window, and the newest acceptance.
    struct AcceptedCount {
        let count: Int
        let newest: Int64?
    }

    /// A training row.
    struct TrainingRow {
        let officerID: String
        let date: String
        let district: String
    }

    /// Live officers.
    func officers() throws -> [ReportData.OfficerRow] {
        func text(_ v: SQLValue) -> String { v.string ?? "" }
        func optText(_ v: SQLValue) -> String? { v.string.flatMap { $0.isEmpty ? nil : $0 } }
        return try db.query(
            """
            SELECT id, district, family_name, middle_name, given_name, full_name, office, role, decision_no,
                   decision_date, start_date, end_date, cert_fingerprint, cert_serial
            FROM officers WHERE _exists = 1
            """
        ).map { r in
            ReportData.OfficerRow(
                id: text(r[0]), district: text(r[1]), family: text(r[2]), middle: text(r[3]), given: text(r[4]),
                fullName: text(r[5]), office: text(r[6]), role: text(r[7]), decision: text(r[8]),
                decisionDate: text(r[9]), start: text(r[10]), end: optText(r[11]), certFingerprint: text(r[12]),
                certSerial: text(r[13]))
        }
    }

    /// Live trainings.
    func trainings() throws -> [TrainingRow] {
        try db.query("SELECT officer_id, date, district FROM trainings WHERE _exists = 1").map { r in
            TrainingRow(officerID: r[0].string ?? "", date: r[1].string ?? "", district: r[2].string ?? "")
        }
    }

    /// Signers first used before `cutoffMillis`.
    func signers(firstUsedBefore cutoffMillis: Int64) throws -> [ReportData.SignerRow] {
        try db.query(
            """
            SELECT fingerprint, district, serial, not_before, not_after, first_used_at FROM signers
            WHERE first_used_at < ?
            """, [.integer(cutoffMillis)]
        ).map { r in
            ReportData.SignerRow(
                fingerprint: r[0].string ?? "", district: r[1].string ?? "", serial: r[2].string ?? "",
                notBefore: r[3].int64 ?? 0, notAfter: r[4].int64 ?? 0, firstUsedAt: r[5].int64 ?? 0)
        }
    }

    /// Per district: changesets accepted in [`start`, `end`) (no start: all before `end`).
    func acceptedByDistrict(from start: Int64? = nil, before end: Int64) throws -> [String: AcceptedCount] {
        let rows: [[SQLValue]]
        if let start {
            rows = try db.query(
                "SELECT district, count(*), max(accepted_at) FROM accepted WHERE accepted_at >= ? AND accepted_at < ? GROUP BY district",
                [.integer(start), .integer(end)])
        } else {
            rows = try db.query(
                "SELECT district, count(*), max(accepted_at) FROM accepted WHERE accepted_at < ? GROUP BY district",
                [.integer(end)])
        }
        var out: [String: AcceptedCount] = [:]
        for r in rows { out[r[0].string ?? ""] = AcceptedCount(count: Int(r[1].int64 ?? 0), newest: r[2].int64) }
        return out
    }

    /// The changesets accepted before `cutoffMillis`, by id.
    func acceptedIDs(before cutoffMillis: Int64) throws -> [AcceptedID] {
        try db.query(
            "SELECT id, accepted_at FROM accepted WHERE accepted_at < ? ORDER BY id", [.integer(cutoffMillis)]
        ).map { AcceptedID(id: $0[0].string, acceptedAt: $0[1].int64) }
    }

    /// When the first changeset was accepted (nil: none).
    func firstAcceptedAt() throws -> Int64? {
        try db.scalar("SELECT min(accepted_at) FROM accepted")?.int64
    }

    /// When the newest changeset was accepted (nil: none).
    func newestAcceptedAt() throws -> Int64? {
        try db.scalar("SELECT max(accepted_at) FROM accepted")?.int64
    }

    /// Years with live survey answers, in order.
    func surveyYears() throws -> [Int64] {
        try db.query("SELECT DISTINCT year FROM surveys WHERE _exists = 1 ORDER BY year").compactMap { $0[0].int64 }
    }

    /// The latest year up to `year` with live survey answers.
    func latestSurveyYear(upTo year: Int) throws -> Int? {
        try db.scalar(
            "SELECT max(year) FROM surveys WHERE _exists = 1 AND year <= ?", [.integer(Int64(year))])?.int64.map {
                Int($0)
            }
    }

    /// The trailing columns of a checked scan: `_exists`, then the key of the row when its checksum
    /// does not match its contents (NULL when it does).
    private static func checkedColumns(_ table: SyncedTable) -> String {
        "_exists, CASE WHEN _check IS NOT \(CityIntegrity.storedChecksum(table)) THEN coalesce(\(table.keyColumn), '?') END"
    }

    /// Reads every row of `table` (live or not) through `sql`, whose last two columns are
    /// `checkedColumns`: throws `hub_db_corrupt` at the first row whose checksum fails, and calls
    /// `body` for the live rows that `keep` accepts. One pass both checks the whole table (a flip of
    /// `_exists`, `year` or `district` is caught too) and reads it, instead of a checksum scan and
    /// then a second read (issue 18 item 2, step 1).
    private func forEachCheckedRow(
        _ table: SyncedTable, _ sql: String, columns: Int32,
        keep: (Statement) -> Bool = { _ in true }, _ body: (Statement) throws -> Void
    ) throws {
        let exists = columns
        let damaged = columns + 1
        do {
            try db.prepare(sql).forEachRow { r in
                if !r.isNull(at: damaged) {
                    throw CityIntegrity.rowDamaged(table, key: r.text(at: damaged) ?? "?")
                }
                guard r.int64(at: exists) == 1, keep(r) else { return }
                try body(r)
            }
        } catch let error as SQLiteError {
            throw error.isCorrupt ? CityIntegrity.damaged(error) : error
        }
    }

    /// Columns of `forEachEnterprise`.
    enum EnterpriseColumn {
        static let taxCode: Int32 = 0
        static let district: Int32 = 1
        static let sector: Int32 = 2
        static let category: Int32 = 3
        static let employees: Int32 = 4
        static let capital: Int32 = 5
        static let revenue: Int32 = 6
        static let status: Int32 = 7
    }

    /// Streams the live enterprises of `status` (`EnterpriseColumn`), checking every enterprise row's
    /// checksum in the same pass (`hub_db_corrupt`).
    func forEachEnterprise(status: EnterpriseStatus, _ body: (Statement) throws -> Void) throws {
        let wanted = Array(status.rawValue.utf8)
        try forEachCheckedRow(
            .enterprises,
            "SELECT tax_code, district, sector, category, employees, capital_vnd, revenue_vnd, status, "
                + "\(Self.checkedColumns(.enterprises)) FROM enterprises",
            columns: 8, keep: { r in r.withUTF8(at: EnterpriseColumn.status) { $0.elementsEqual(wanted) } == true },
            body)
    }

    /// Columns of `forEachYearFigures`.
    enum FiguresColumn {
        static let taxCode: Int32 = 0
        static let district: Int32 = 1
        static let year: Int32 = 2
        static let employees: Int32 = 3
        static let capital: Int32 = 4
        static let revenue: Int32 = 5
    }

    /// Streams the live own-year figures (`survey_figures`, schema 2) of `years` (`FiguresColumn`),
    /// checking every row's checksum in the same pass; nothing when the table does not exist.
    func forEachYearFigures(years: [Int], _ body: (Statement) throws -> Void) throws {
        guard try db.tableExists("survey_figures") else { return }
        let wanted = Set(years.map(Int64.init))
        try forEachCheckedRow(
            .surveyFigures,
            "SELECT tax_code, district, year, employees, capital_vnd, revenue_vnd, "
                + "\(Self.checkedColumns(.surveyFigures)) FROM survey_figures",
            columns: 6, keep: { wanted.contains($0.int64(at: FiguresColumn.year)) }, body)
    }

    /// Columns of `forEachSurveyAnswer`; answer column `i` of the request is at `firstAnswer + i`.
    enum AnswerColumn {
        static let taxCode: Int32 = 0
        static let year: Int32 = 1
        static let district: Int32 = 2
        static let firstAnswer: Int32 = 3
    }

    /// Streams the live survey answers with the answer columns `columns` (`AnswerColumn`), checking
    /// every survey row's checksum in the same pass. Rows of every year are passed on: the caller
    /// keeps the years it counts (a comparison of two integers a row, cheaper than a second scan).
    /// `columns` are names of `surveys` columns chosen by the plan, never user text.
    func forEachSurveyAnswer(columns: [String], _ body: (Statement) throws -> Void) throws {
        let columnList = columns.map { $0 + ", " }.joined()
        try forEachCheckedRow(
            .surveys,
            "SELECT tax_code, year, district, \(columnList)\(Self.checkedColumns(.surveys)) FROM surveys",
            columns: AnswerColumn.firstAnswer + Int32(columns.count), body)
    }

    /// The city tables the checked scans above read in full (`SurveyTallies`), so a report that
    /// uses them needs no separate checksum scan of these.
    static let tablesCheckedByScans: [SyncedTable] = [.enterprises, .surveys, .surveyFigures]
}
