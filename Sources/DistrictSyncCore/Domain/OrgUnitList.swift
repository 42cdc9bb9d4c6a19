/// The org-unit list from `config/units.csv` (or a home's installed copy): configuration, never
/// hard-coded. One list holds every level over time: the 2004–2025 districts and the 168
/// wards, communes and special zone valid from 2025-07-01 (docs/units.md).
public struct OrgUnitList: Sendable {
    public let units: [OrgUnit]

    public init(units: [OrgUnit]) { self.units = units }

    /// The built-in list (`config/units.csv`, embedded in the binary).
    public static func embedded() throws(CoreError) -> OrgUnitList { try OrgUnitList(csv: EmbeddedConfig.unitsCSV) }

    /// Parses the units CSV (`code,name_vi,name_ascii,kind,valid_from,valid_to,successor_code`, and
    /// optional columns such as `source`, which are kept in the file only).
    ///
    /// Codes are digits of any length (3 for districts, 5 for communes); a code may be reused, but
    /// two units with one code may not exist on the same day, since (code, date) must name one unit.
    public init(csv: String) throws(CoreError) {
        let table: CSVTable
        do { table = try CSVTable(text: csv) } catch { throw error }
        let required = ["code", "name_vi", "name_ascii", "kind", "valid_from", "valid_to", "successor_code"]
        try table.requireColumns(required)
        var units: [OrgUnit] = []
        for row in table.rows {
            func bad(_ vi: String, _ en: String) -> CoreError {
                CoreError(
                    "bad_district_list",
                    LocalizedText(
                        vi: "danh sách đơn vị, dòng \(row.line): \(vi)", en: "unit list line \(row.line): \(en)"))
            }
            let code = row["code"]
            guard !code.isEmpty, code.count <= 12, code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw bad(
                    "mã '\(code)' không phải là số (chỉ gồm chữ số, độ dài tuỳ ý)",
                    "code '\(code)' is not a number (digits only, any length)")
            }
            let kind: UnitKind
            do { kind = try UnitKind.parseListValue(row["kind"]) } catch {
                throw bad(error.message(in: .vi), error.message)
            }
            let from = row["valid_from"]
            guard ISODate.isValid(from) else {
                throw bad(
                    "valid_from '\(from)' không phải là ngày (YYYY-MM-DD)",
                    "valid_from '\(from)' is not a date (YYYY-MM-DD)")
            }
            let to = row["valid_to"].isEmpty ? nil : row["valid_to"]
            if let to {
                guard ISODate.isValid(to) else {
                    throw bad(
                        "valid_to '\(to)' không phải là ngày (YYYY-MM-DD)",
                        "valid_to '\(to)' is not a date (YYYY-MM-DD)")
                }
                guard from < to else {
                    throw bad(
                        "valid_to \(to) không sau valid_from \(from) (valid_to là ngày không tính)",
                        "valid_to \(to) is not after valid_from \(from) (it is exclusive)")
                }
            }
            let successor = row["successor_code"].isEmpty ? nil : row["successor_code"]
            if let successor, !successor.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                throw bad(
                    "successor_code '\(successor)' không phải là số", "successor_code '\(successor)' is not a number")
            }
            let unit = OrgUnit(
                code: code, nameVi: VietnameseText.nfc(row["name_vi"]), nameASCII: row["name_ascii"],
                kind: kind.rawValue, validFrom: from, validTo: to, successorCode: successor)
            if let other = units.first(where: { $0.code == code && Self.overlap($0, unit) }) {
                throw bad(
                    "đơn vị \(code) từ \(from) trùng thời gian với \(other.label); mỗi mã chỉ gọi một đơn vị trong bất kỳ ngày nào",
                    "unit \(code) from \(from) overlaps \(other.label); one code names one unit on any day")
            }
            units.append(unit)
        }
        self.units = units
    }

    static func overlap(_ a: OrgUnit, _ b: OrgUnit) -> Bool {
        a.validFrom < (b.validTo ?? "9999-99-99") && b.validFrom < (a.validTo ?? "9999-99-99")
    }

    /// The units valid on `date`, in code order (numeric, so 3- and 5-digit codes sort sensibly).
    public func units(validOn date: String) -> [OrgUnit] {
        units.filter { $0.isValid(on: date) }.sorted {
            $0.code.count != $1.code.count ? $0.code.count < $1.code.count : $0.code < $1.code
        }
    }

    /// The unit with `code` valid on `date`, or nil.
    public func unit(code: String, on date: String) -> OrgUnit? {
        units.first { $0.code == code && $0.isValid(on: date) }
    }

    /// The unit with this identity (code, valid_from), or nil.
    public func unit(code: String, validFrom: String) -> OrgUnit? {
        units.first { $0.code == code && $0.validFrom == validFrom }
    }

    /// Every unit that has had `code`, oldest first.
    public func units(code: String) -> [OrgUnit] {
        units.filter { $0.code == code }.sorted { $0.validFrom < $1.validFrom }
    }

    /// Like `unit(code:on:)` but throws a message listing what is valid on that day. A code whose
    /// units all ended before `date` (a 2004–2025 district asked for today) says to give the date
    /// the unit existed on (`--on`), with its lifetime.
    public func requireUnit(code: String, on date: String) throws(CoreError) -> OrgUnit {
        if let unit = unit(code: code, on: date) { return unit }
        let validUnits = units(validOn: date)
        var valid = validUnits.prefix(30).map(\.code).joined(separator: ", ")
        if validUnits.count > 30 { valid += ", … (\(validUnits.count) in all)" }
        let noneValid = validUnits.isEmpty
        if noneValid { valid = "none; install a newer unit list (dsync hub units install FILE)" }
        let validVi = noneValid ? "không có; cài danh sách đơn vị mới hơn (dsync hub units install TỆP)" : valid
        let known = units(code: code)
        if !known.isEmpty {
            let lives = known.map(\.label).joined(separator: "; ")
            let example = known.last.map { $0.validTo.map { Self.dayBefore($0) } ?? $0.validFrom } ?? date
            throw CoreError(
                "district_not_valid_on_date",
                LocalizedText(
                    vi:
                        "đơn vị \(code) có trong danh sách nhưng không tồn tại vào ngày \(date): \(lives); để làm việc với "
                        + "dữ liệu của đơn vị, ghi một ngày đơn vị còn tồn tại (--on \(example) cho node init, --as-of cho "
                        + "báo cáo). Các đơn vị có hiệu lực ngày \(date): " + validVi,
                    en: "unit \(code) exists in the list but not on \(date): \(lives); to work on its data give a date "
                        + "it existed on (--on \(example) for node init, --as-of for reports). Units valid on \(date): "
                        + valid))
        }
        throw CoreError(
            "unknown_district",
            LocalizedText(
                vi: "không có đơn vị nào mang mã '\(code)'; các đơn vị có hiệu lực ngày \(date): \(validVi)",
                en: "unknown unit code '\(code)'; units valid on \(date): \(valid)"))
    }

    /// The units of `self` that `replacement` no longer holds (same code and valid_from).
    public func dropped(by replacement: OrgUnitList) -> [OrgUnit] {
        units.filter { replacement.unit(code: $0.code, validFrom: $0.validFrom) == nil }
    }

    /// The day before an ISO date (the last day of a unit whose valid_to is `date`).
    static func dayBefore(_ date: String) -> String {
        guard let millis = ISODate.unixMillis(date) else { return date }
        return ISODate.fromUnixMillis(millis - 86_400_000)
    }
}
