/// Enterprise size rules as data (`config/size-rules.csv`), so a corrected threshold is an edit to
/// a table, not to code. Decree 56/2009 (2011–2015) classifies on total capital first, else on
/// average employees; Decrees 39/2018 and 80/2021 need employees ≤ E and (revenue ≤ R or capital ≤ C).
public struct SizeRuleTable: Sendable {
    public enum Method: String, Sendable {
        case capitalThenEmployees = "capital_then_employees"
        case employeesAndRevenueOrCapital = "employees_and_revenue_or_capital"
    }

    /// One class's ceiling for one sector under one rule. Money in billions of VND.
    public struct Band: Sendable {
        public let sizeClass: SizeClass
        public let maxEmployees: Int64
        public let maxRevenueBn: Int64?
        public let maxCapitalBn: Int64?
    }

    public struct Rule: Sendable {
        public let id: String
        public let fromYear: Int
        public let toYear: Int
        public let method: Method
        public let bands: [Sector: [Band]]
    }

    /// The outcome of a classification, stored with the rule and reference year that produced it.
    public struct Classification: Sendable, Hashable {
        public let sizeClass: SizeClass
        public let ruleID: String
        public let year: Int
    }

    public let rules: [Rule]

    /// Parses the rule table CSV.
    public init(csv: String) throws(CoreError) {
        let table = try CSVTable(text: csv)
        try table.requireColumns([
            "rule_id", "from_year", "to_year", "method", "sector", "class", "max_employees", "max_revenue_bn",
            "max_capital_bn",
        ])
        var order: [String] = []
        var byID: [String: (from: Int, to: Int, method: Method, bands: [Sector: [Band]])] = [:]
        for row in table.rows {
            func fail(_ vi: String, _ en: String) -> CoreError {
                CoreError(
                    "bad_size_rules",
                    LocalizedText(
                        vi: "bảng quy mô doanh nghiệp, dòng \(row.line): \(vi)",
                        en: "size rules line \(row.line): \(en)"))
            }
            guard let from = Int(row["from_year"]), let to = Int(row["to_year"]) else {
                throw fail("năm không hợp lệ", "bad year")
            }
            guard let method = Method(rawValue: row["method"]) else {
                throw fail("phương pháp '\(row["method"])' không được hỗ trợ", "unknown method '\(row["method"])'")
            }
            let sector = try Sector.parse(row["sector"])
            let sizeClass = try SizeClass.parse(row["class"])
            guard let maxEmployees = Int64(row["max_employees"]) else {
                throw fail("max_employees không hợp lệ", "bad max_employees")
            }
            let band = Band(
                sizeClass: sizeClass, maxEmployees: maxEmployees, maxRevenueBn: Int64(row["max_revenue_bn"]),
                maxCapitalBn: Int64(row["max_capital_bn"]))
            let id = row["rule_id"]
            if byID[id] == nil {
                order.append(id)
                byID[id] = (from, to, method, [:])
            }
            byID[id]?.bands[sector, default: []].append(band)
        }
        rules = order.compactMap { id in
            byID[id].map {
                Rule(
                    id: id, fromYear: $0.from, toYear: $0.to, method: $0.method,
                    bands: $0.bands.mapValues { $0.sorted { $0.maxEmployees < $1.maxEmployees } })
            }
        }
    }

    /// The rule in force for reference year `year`.
    public func rule(forYear year: Int) -> Rule? { rules.first { $0.fromYear <= year && year <= $0.toYear } }

    /// Classifies an enterprise for reference year `year`. Money in VND; capital 0 means "not
    /// reported" and makes Decree 56/2009 fall back to employees.
    public func classify(
        sector: Sector, employees: Int64, capitalVND: Int64, revenueVND: Int64, year: Int
    ) throws(CoreError) -> Classification {
        guard let rule = rule(forYear: year) else {
            throw CoreError(
                "no_size_rule",
                LocalizedText(
                    vi: "không có quy tắc quy mô doanh nghiệp nào áp dụng cho năm tham chiếu \(year)",
                    en: "no enterprise size rule covers reference year \(year)"))
        }
        let bands = rule.bands[sector] ?? []
        let billion: Int64 = 1_000_000_000
        func within(_ value: Int64, _ limitBn: Int64?) -> Bool {
            guard let limitBn else { return false }
            return value <= limitBn * billion
        }
        var result = SizeClass.large
        switch rule.method {
        case .capitalThenEmployees:
            if capitalVND > 0 {
                // Capital decides small/medium/large; micro is defined by employees alone.
                if let band = bands.first(where: { $0.maxCapitalBn != nil && within(capitalVND, $0.maxCapitalBn) }) {
                    result = band.sizeClass
                    if let micro = bands.first(where: { $0.sizeClass == .micro }), employees <= micro.maxEmployees {
                        result = .micro
                    }
                }
            } else if let band = bands.first(where: { employees <= $0.maxEmployees }) {
                result = band.sizeClass
            }
        case .employeesAndRevenueOrCapital:
            if let band = bands.first(where: {
                employees <= $0.maxEmployees
                    && (within(revenueVND, $0.maxRevenueBn) || within(capitalVND, $0.maxCapitalBn))
            }) {
                result = band.sizeClass
            }
        }
        return Classification(sizeClass: result, ruleID: rule.id, year: year)
    }
}
