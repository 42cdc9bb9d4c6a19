import Foundation

/// An enterprise of a district, keyed by its tax code, with its size class computed by the size
/// rule in force for a reference year and stored with the rule id and the year.
public struct Enterprise: SyncedRecord, Hashable {
    public static let table = SyncedTable.enterprises

    public var taxCode: TaxCode
    public var district: String
    public var name: String
    public var address: String
    public var ward: String
    public var sector: Sector
    public var employees: Int64
    public var capitalVND: Int64
    public var revenueVND: Int64
    public var category: EnterpriseCategory
    public var status: EnterpriseStatus
    public var size: SizeRuleTable.Classification

    public var key: String { taxCode.value }

    public var values: [FieldValue] {
        [
            .text(district), .text(name), .text(address), .text(ward), .text(sector.rawValue), .int(employees),
            .int(capitalVND), .int(revenueVND), .text(category.rawValue), .text(status.rawValue),
            .text(size.sizeClass.rawValue), .text(size.ruleID), .int(Int64(size.year)),
        ]
    }

    /// The CSV columns an import requires.
    public static let requiredColumns = [
        "tax_code", "name", "address", "ward", "sector", "employees", "capital_vnd", "revenue_vnd", "category",
    ]

    /// Reads an enterprise from named text fields (a CSV row or CLI options), reporting every bad field.
    public static func read(
        _ lookup: @escaping (String) -> String?, district: String, rules: SizeRuleTable, referenceYear: Int
    ) -> Result<Enterprise, FieldIssues> {
        var r = FieldReader(lookup)
        let taxCode = r.taxCode("tax_code")
        let name = r.text("name")
        let address = r.text("address")
        let ward = r.text("ward", required: false, maxLength: 100)
        let sector = r.choice("sector", Sector.self)
        let employees = r.count("employees", max: ValueDomain.maxEmployees)
        let capital = r.count("capital_vnd")
        let revenue = r.count("revenue_vnd")
        let category = r.choice("category", EnterpriseCategory.self)
        let status = r.choice("status", EnterpriseStatus.self, default: .active)
        guard r.issues.isEmpty, let taxCode, let sector, let category, let status else {
            return .failure(FieldIssues(r.issues))
        }
        do {
            let size = try rules.classify(
                sector: sector, employees: employees, capitalVND: capital, revenueVND: revenue, year: referenceYear)
            return .success(
                Enterprise(
                    taxCode: taxCode, district: district, name: name, address: address, ward: ward, sector: sector,
                    employees: employees, capitalVND: capital, revenueVND: revenue, category: category,
                    status: status, size: size))
        } catch {
            return .failure(FieldIssues([FieldIssue(column: "size", value: "\(referenceYear)", reason: error.text)]))
        }
    }
}

/// The issues of one input record, as an error.
public struct FieldIssues: Error, Sendable, CustomStringConvertible {
    public let issues: [FieldIssue]
    public init(_ issues: [FieldIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "; ") }
}
