public import DistrictSyncCore
import DistrictSyncStore

/// Survey and training reads and checks for the officer's browser app (`/surveys`, the survey
/// form, training events on `/officers/{id}`): the same readers and rules as `dsync node survey
/// set`, `node import surveys` and `node training add`.
extension NodeSession {
    /// The survey year the app opens on: the clock's year, as the home page's coverage figure.
    public var currentSurveyYear: Int { referenceYear(nil) }

    /// Every problem with a survey form, by the rules `setSurvey` applies: the answer's fields
    /// (`SurveyAnswer.read`, the survey CSV columns), the enterprise existing in the node and the
    /// year lying within the unit's lifetime.
    public func surveyIssues(_ fields: [String: String]) throws -> [FieldIssue] {
        switch SurveyAnswer.read({ fields[$0] }, district: config.district, defaultCollector: "", defaultDate: today) {
        case .failure(let issues): return issues.issues
        case .success(let answer):
            if try store.read(table: .enterprises, key: answer.taxCode.value) == nil {
                return [
                    FieldIssue(
                        column: "tax_code", value: fields["tax_code"] ?? "",
                        reason: LocalizedText(
                            vi: "đơn vị này không có doanh nghiệp mang mã số thuế \(answer.taxCode.value); "
                                + "thêm doanh nghiệp trước rồi nhập phiếu",
                            en: "no enterprise with tax code \(answer.taxCode.value) in this district; add it first"))
                ]
            }
            do { try checkPeriod(.surveyYear(answer.year)) } catch let error as NodeError {
                return [FieldIssue(column: "year", value: fields["year"] ?? "", reason: error.text)]
            }
            return []
        }
    }

    /// One enterprise's stored answer for `year` as the survey CSV columns (with the year's own
    /// figures when recorded), or nil when it was not surveyed that year.
    public func surveyAnswerFields(taxCode: String, year: Int) throws -> [String: String]? {
        guard let values = try store.read(table: .surveys, key: SurveyAnswer.key(taxCode: taxCode, year: year))
        else { return nil }
        var fields = Self.columnText(SyncedTable.surveys, values)
        if let figures = try store.read(
            table: .surveyFigures, key: SurveyAnswer.key(taxCode: taxCode, year: year))
        {
            for (name, value) in Self.columnText(SyncedTable.surveyFigures, figures)
            where SurveyFigures.columns.contains(name) {
                fields[name] = value
            }
        }
        return fields
    }

    /// The latest answer of one enterprise before `year` (the form shows it beside the fields).
    public func previousSurveyAnswer(taxCode: String, before year: Int) throws -> (year: Int, fields: [String: String])?
    {
        guard let last = try surveys(taxCode: taxCode).map(\.year).filter({ $0 < year }).max(),
            let fields = try surveyAnswerFields(taxCode: taxCode, year: last)
        else { return nil }
        return (last, fields)
    }

    static func columnText(_ table: SyncedTable, _ values: [FieldValue]) -> [String: String] {
        var out: [String: String] = [:]
        for (column, value) in zip(table.columns, values) {
            out[column.name] = value == .null ? "" : value.description
        }
        return out
    }

    /// One page of the district's active enterprises (Vietnamese order) with their answer for
    /// `year`, and the coverage "surveyed / active" for that year. With `notSurveyedOnly`, only
    /// those without an answer are listed (the counts stay the whole district's).
    public func surveyPage(year: Int, notSurveyedOnly: Bool, page: Int, pageSize: Int = 50) throws -> SurveyPage {
        var query = EnterpriseQuery()
        query.status = .active
        let active = try enterpriseCount(query)
        query.surveyYear = year
        let surveyed = try enterpriseCount(query)
        query.surveyYear = notSurveyedOnly ? year : nil
        query.notSurveyed = notSurveyedOnly
        query.page = page
        query.pageSize = pageSize
        let listed = try enterprisePage(query)
        let rows = try listed.items.map { e in
            SurveyPage.Row(enterprise: e, answer: try surveyAnswerFields(taxCode: e.key, year: year))
        }
        return SurveyPage(
            year: year, rows: rows, listed: listed.total, surveyed: surveyed, active: active, page: listed.page,
            pageCount: listed.pageCount)
    }

    /// Every problem with a training event form (columns `date`, `course`, `organiser`) by the
    /// rules `addTraining` applies: a real date within the unit's lifetime, a course name.
    public func trainingIssues(officerID: String, _ fields: [String: String]) throws -> [FieldIssue] {
        _ = try officer(officerID)
        var issues: [FieldIssue] = []
        let date = (fields["date"] ?? "").trimmedSpaces
        if !ISODate.isValid(date) {
            issues.append(
                FieldIssue(
                    column: "date", value: fields["date"] ?? "",
                    reason: LocalizedText(
                        vi: "không phải ngày hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2024-03-15",
                        en: "is not a date; expected YYYY-MM-DD, e.g. 2024-03-15")))
        } else {
            do { try checkPeriod(.day(date)) } catch let error as NodeError {
                issues.append(FieldIssue(column: "date", value: date, reason: error.text))
            }
        }
        if VietnameseText.clean(fields["course"] ?? "").isEmpty {
            issues.append(
                FieldIssue(
                    column: "course", value: "",
                    reason: LocalizedText(vi: "cần tên khóa tập huấn", en: "the course name is required")))
        }
        return issues
    }
}

/// A page of `/surveys`: the listed enterprises with their answer for the year, and the year's coverage.
public struct SurveyPage: Sendable {
    public struct Row: Sendable {
        public let enterprise: Enterprise
        /// The answer as the survey CSV columns, nil when not surveyed that year.
        public let answer: [String: String]?
    }
    public let year: Int
    public let rows: [Row]
    /// How many enterprises the filter lists (over all pages).
    public let listed: Int
    /// Active enterprises with an answer for the year.
    public let surveyed: Int
    /// Active enterprises of the district.
    public let active: Int
    public let page: Int
    public let pageCount: Int
}
