import DistrictSyncCore
import Testing

/// One classification case: inputs in whole VND, the expected class and rule.
struct SizeCase: CustomTestStringConvertible, Sendable {
    let year: Int
    let sector: Sector
    let employees: Int64
    let capital: Int64
    let revenue: Int64
    let expected: SizeClass
    let rule: String
    let why: String
    var testDescription: String { "\(rule) \(year) \(sector.rawValue): \(why) → \(expected.rawValue)" }
}

private let bn: Int64 = 1_000_000_000

@Suite("Size classes follow the rule in force for the reference year")
struct SizeRuleTableTests {
    static let cases: [SizeCase] = [
        // Decree 56/2009: capital first, micro by employees, capital 0 falls back to employees.
        .init(
            year: 2011, sector: .tradeServices, employees: 30, capital: 10 * bn, revenue: 0,
            expected: .small, rule: "56/2009", why: "capital exactly 10 bn"),
        .init(
            year: 2013, sector: .tradeServices, employees: 30, capital: 10 * bn + 1, revenue: 0,
            expected: .medium, rule: "56/2009", why: "capital 10 bn + 1 VND"),
        .init(
            year: 2015, sector: .tradeServices, employees: 30, capital: 50 * bn, revenue: 0,
            expected: .medium, rule: "56/2009", why: "capital exactly 50 bn"),
        .init(
            year: 2015, sector: .tradeServices, employees: 30, capital: 50 * bn + 1, revenue: 0,
            expected: .large, rule: "56/2009", why: "capital beyond medium"),
        .init(
            year: 2012, sector: .tradeServices, employees: 10, capital: 5 * bn, revenue: 0,
            expected: .micro, rule: "56/2009", why: "10 employees"),
        .init(
            year: 2012, sector: .tradeServices, employees: 11, capital: 5 * bn, revenue: 0,
            expected: .small, rule: "56/2009", why: "11 employees, small capital"),
        .init(
            year: 2014, sector: .tradeServices, employees: 500, capital: 5 * bn, revenue: 0,
            expected: .small, rule: "56/2009", why: "capital decides before employees"),
        .init(
            year: 2014, sector: .tradeServices, employees: 10, capital: 0, revenue: 0,
            expected: .micro, rule: "56/2009", why: "no capital, 10 employees"),
        .init(
            year: 2014, sector: .tradeServices, employees: 50, capital: 0, revenue: 0,
            expected: .small, rule: "56/2009", why: "no capital, 50 employees"),
        .init(
            year: 2014, sector: .tradeServices, employees: 51, capital: 0, revenue: 0,
            expected: .medium, rule: "56/2009", why: "no capital, 51 employees"),
        .init(
            year: 2014, sector: .tradeServices, employees: 101, capital: 0, revenue: 0,
            expected: .large, rule: "56/2009", why: "no capital, 101 employees"),
        .init(
            year: 2011, sector: .industryConstruction, employees: 150, capital: 20 * bn, revenue: 0,
            expected: .small, rule: "56/2009", why: "industry capital exactly 20 bn"),
        .init(
            year: 2011, sector: .industryConstruction, employees: 150, capital: 100 * bn + 1, revenue: 0,
            expected: .large, rule: "56/2009", why: "industry capital beyond 100 bn"),
        .init(
            year: 2011, sector: .agriculture, employees: 300, capital: 0, revenue: 0,
            expected: .medium, rule: "56/2009", why: "agriculture, no capital, 300 employees"),
        // Decree 39/2018: employees ≤ E and (revenue ≤ R or capital ≤ C).
        .init(
            year: 2019, sector: .tradeServices, employees: 10, capital: 100 * bn, revenue: 10 * bn,
            expected: .micro, rule: "39/2018", why: "revenue within micro though capital is not"),
        .init(
            year: 2019, sector: .tradeServices, employees: 11, capital: 1 * bn, revenue: 1 * bn,
            expected: .small, rule: "39/2018", why: "one employee over micro"),
        .init(
            year: 2019, sector: .tradeServices, employees: 50, capital: 50 * bn, revenue: 200 * bn,
            expected: .small, rule: "39/2018", why: "capital within small though revenue is not"),
        .init(
            year: 2019, sector: .tradeServices, employees: 60, capital: 200 * bn, revenue: 300 * bn,
            expected: .medium, rule: "39/2018", why: "revenue exactly the medium ceiling"),
        .init(
            year: 2019, sector: .tradeServices, employees: 100, capital: 101 * bn, revenue: 301 * bn,
            expected: .large, rule: "39/2018", why: "both money tests fail"),
        .init(
            year: 2019, sector: .tradeServices, employees: 101, capital: 1 * bn, revenue: 1 * bn,
            expected: .large, rule: "39/2018", why: "employees beyond medium"),
        // Decree 80/2021: same method, applies from 2021.
        .init(
            year: 2022, sector: .agriculture, employees: 5, capital: 4 * bn, revenue: 4 * bn,
            expected: .small, rule: "80/2021", why: "agriculture micro money ceilings exceeded"),
        .init(
            year: 2022, sector: .industryConstruction, employees: 200, capital: 500 * bn, revenue: 200 * bn,
            expected: .medium, rule: "80/2021", why: "200 employees, revenue 200 bn"),
        .init(
            year: 2022, sector: .industryConstruction, employees: 201, capital: 1 * bn, revenue: 1 * bn,
            expected: .large, rule: "80/2021", why: "201 employees"),
    ]

    @Test("each case gets the expected class, rule id and year", arguments: cases)
    func classify(c: SizeCase) throws {
        let rules = try Fixtures.sizeRules()
        let result = try rules.classify(
            sector: c.sector, employees: c.employees, capitalVND: c.capital, revenueVND: c.revenue, year: c.year)
        #expect(result.sizeClass == c.expected)
        #expect(result.ruleID == c.rule)
        #expect(result.year == c.year)
    }

    @Test(
        "the rule in force switches at 2018 and 2021",
        arguments: [
            (2011, "56/2009"), (2017, "56/2009"), (2018, "39/2018"), (2020, "39/2018"), (2021, "80/2021"),
            (2030, "80/2021"),
        ])
    func ruleForYear(year: Int, rule: String) throws {
        #expect(try Fixtures.sizeRules().rule(forYear: year)?.id == rule)
    }

    @Test("a year no rule covers is refused with no_size_rule")
    func noRule() throws {
        let rules = try Fixtures.sizeRules()
        #expect {
            try rules.classify(sector: .tradeServices, employees: 5, capitalVND: 0, revenueVND: 0, year: 2008)
        } throws: { ($0 as? CoreError)?.code == "no_size_rule" }
    }

    @Test("a malformed rule table is refused with its line number")
    func badTable() {
        let csv = """
            rule_id,from_year,to_year,method,sector,class,max_employees,max_revenue_bn,max_capital_bn
            x,2009,2017,by_magic,agriculture,micro,10,,
            """
        #expect {
            try SizeRuleTable(csv: csv)
        } throws: { ($0 as? CoreError)?.code == "bad_size_rules" && "\($0)".contains("line 2") }
    }
}
