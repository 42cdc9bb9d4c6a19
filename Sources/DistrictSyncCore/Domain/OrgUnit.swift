/// A district-level unit of the city, keyed by (code, validFrom): a code alone does not name one
/// unit over time (769 was Quận 2, then Thành phố Thủ Đức).
public struct OrgUnit: Hashable, Sendable, Codable {
    public let code: String
    public let nameVi: String
    public let nameASCII: String
    public let kind: String
    /// First day the unit exists (ISO date).
    public let validFrom: String
    /// First day the unit no longer exists (exclusive), if any.
    public let validTo: String?
    public let successorCode: String?

    /// Whether the unit exists on `date` (ISO `YYYY-MM-DD`).
    public func isValid(on date: String) -> Bool {
        validFrom <= date && (validTo.map { date < $0 } ?? true)
    }
}

/// The org-unit list from `config/districts.csv`: configuration, never hard-coded.
public struct OrgUnitList: Sendable {
    public let units: [OrgUnit]

    public init(units: [OrgUnit]) { self.units = units }

    /// Parses the districts CSV (`code,name_vi,name_ascii,kind,valid_from,valid_to,successor_code`).
    public init(csv: String) throws(CoreError) {
        let table: CSVTable
        do { table = try CSVTable(text: csv) } catch { throw error }
        let required = ["code", "name_vi", "name_ascii", "kind", "valid_from", "valid_to", "successor_code"]
        try table.requireColumns(required)
        var units: [OrgUnit] = []
        for row in table.rows {
            let code = row["code"]
            guard code.count == 3, code.allSatisfy(\.isNumber) else {
                throw CoreError("bad_district_list", "districts list line \(row.line): code '\(code)' is not 3 digits")
            }
            guard ISODate.isValid(row["valid_from"]) else {
                throw CoreError("bad_district_list", "districts list line \(row.line): bad valid_from")
            }
            units.append(
                OrgUnit(
                    code: code, nameVi: VietnameseText.nfc(row["name_vi"]), nameASCII: row["name_ascii"],
                    kind: row["kind"], validFrom: row["valid_from"],
                    validTo: row["valid_to"].isEmpty ? nil : row["valid_to"],
                    successorCode: row["successor_code"].isEmpty ? nil : row["successor_code"]))
        }
        self.units = units
    }

    /// The units valid on `date`, in code order.
    public func units(validOn date: String) -> [OrgUnit] {
        units.filter { $0.isValid(on: date) }.sorted { $0.code < $1.code }
    }

    /// The unit with `code` valid on `date`, or nil.
    public func unit(code: String, on date: String) -> OrgUnit? {
        units.first { $0.code == code && $0.isValid(on: date) }
    }

    /// Like `unit(code:on:)` but throws a message listing what is valid on that day — or, when
    /// nothing is (a date after the list's last validity, e.g. today's date on a list that ends in
    /// 2025), the period the list covers and how to give a date inside it.
    public func requireUnit(code: String, on date: String) throws(CoreError) -> OrgUnit {
        if let unit = unit(code: code, on: date) { return unit }
        let known = units.contains { $0.code == code }
        let validUnits = units(validOn: date).map(\.code)
        var valid = validUnits.joined(separator: ", ")
        if validUnits.isEmpty {
            let firstDay = units.map(\.validFrom).min() ?? "?"
            let ends = units.compactMap(\.validTo)
            let lastDay = ends.count == units.count ? ends.max() ?? "?" : "open"
            valid =
                "none — the district list covers \(firstDay) to \(lastDay) (exclusive); give a date inside it "
                + "(DSYNC_NOW=2015-06-30T00:00:00Z, or the command's date option) or install a newer districts.csv"
        }
        if known {
            throw CoreError(
                "district_not_valid_on_date",
                "district \(code) exists in the list but not on \(date); districts valid then: \(valid)")
        }
        throw CoreError("unknown_district", "unknown district code '\(code)'; districts valid on \(date): \(valid)")
    }
}
