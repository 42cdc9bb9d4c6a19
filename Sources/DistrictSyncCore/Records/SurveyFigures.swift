/// An enterprise's own figures for one survey year (synced schema 2, table `survey_figures`):
/// employees, registered capital and revenue *in that year*. Reports size the enterprise for year Y
/// by Y's figures when they are recorded, by its current figures otherwise (docs/reports.md). A
/// figure left empty falls back to the current one alone.
///
/// Keyed like the year's answer (`<tax code>/<year>`), owned with it, moved with it by a transfer.
public struct SurveyFigures: SyncedRecord, Hashable {
    public static let table = SyncedTable.surveyFigures

    public var district: String
    public var taxCode: TaxCode
    public var year: Int
    public var employees: Int64?
    public var capitalVND: Int64?
    public var revenueVND: Int64?

    /// The optional survey CSV columns (and form fields) that carry the year's figures.
    public static let columns = ["employees", "capital_vnd", "revenue_vnd"]

    public init(
        district: String, taxCode: TaxCode, year: Int, employees: Int64?, capitalVND: Int64?, revenueVND: Int64?
    ) {
        self.district = district
        self.taxCode = taxCode
        self.year = year
        self.employees = employees
        self.capitalVND = capitalVND
        self.revenueVND = revenueVND
    }

    public var key: String { SurveyAnswer.key(taxCode: taxCode.value, year: year) }

    public var values: [FieldValue] {
        func value(_ v: Int64?) -> FieldValue { v.map { .int($0) } ?? .null }
        return [
            .text(district), .text(taxCode.value), .int(Int64(year)), value(employees), value(capitalVND),
            value(revenueVND),
        ]
    }

    /// Whether no figure is given (nothing to record).
    public var isEmpty: Bool { employees == nil && capitalVND == nil && revenueVND == nil }

    /// Reads the optional figure columns of one survey row; nil when none is given.
    static func read(
        _ r: inout FieldReader, lookup: (String) -> String?, district: String, taxCode: TaxCode?, year: Int?
    ) -> SurveyFigures? {
        func figure(_ column: String, max: Int64) -> Int64? {
            guard !(lookup(column) ?? "").trimmedSpaces.isEmpty else { return nil }
            return r.count(column, required: true, max: max)
        }
        let employees = figure("employees", max: ValueDomain.maxEmployees)
        let capital = figure("capital_vnd", max: ValueDomain.maxMoneyVND)
        let revenue = figure("revenue_vnd", max: ValueDomain.maxMoneyVND)
        guard let taxCode, let year, employees != nil || capital != nil || revenue != nil else { return nil }
        return SurveyFigures(
            district: district, taxCode: taxCode, year: year, employees: employees, capitalVND: capital,
            revenueVND: revenue)
    }
}
