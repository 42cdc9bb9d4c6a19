import Foundation

/// The kinds of administrative unit the city has had: district level (`quan`, `huyen`,
/// `thanh-pho` for Thành phố Thủ Đức 2021–2025) and, from 2025-07-01, commune level (`phuong`,
/// `xa`, `dac-khu` for Côn Đảo). The raw strings are the `kind` column of `config/units.csv`.
public enum UnitKind: String, Vocabulary {
    case quan
    case huyen
    case thanhPho = "thanh-pho"
    case phuong
    case xa
    case dacKhu = "dac-khu"
    public static let fieldName = "kind"

    /// Parses a kind, also accepting the older underscore spelling (`thanh_pho`).
    public static func parseListValue(_ raw: String) throws(CoreError) -> UnitKind {
        try parse(raw.replacingOccurrences(of: "_", with: "-"))
    }
}

/// An administrative unit of the city at any level, keyed by (code, validFrom): a code alone does
/// not name one unit over time (769 was Quận 2, then Thành phố Thủ Đức).
public struct OrgUnit: Hashable, Sendable, Codable {
    public let code: String
    public let nameVi: String
    public let nameASCII: String
    /// The `kind` column (`UnitKind` raw value).
    public let kind: String
    /// First day the unit exists (ISO date).
    public let validFrom: String
    /// First day the unit no longer exists (exclusive), if any.
    public let validTo: String?
    public let successorCode: String?

    public init(
        code: String, nameVi: String, nameASCII: String, kind: String, validFrom: String, validTo: String?,
        successorCode: String?
    ) {
        self.code = code
        self.nameVi = nameVi
        self.nameASCII = nameASCII
        self.kind = kind
        self.validFrom = validFrom
        self.validTo = validTo
        self.successorCode = successorCode
    }

    /// Whether the unit exists on `date` (ISO `YYYY-MM-DD`).
    public func isValid(on date: String) -> Bool {
        validFrom <= date && (validTo.map { date < $0 } ?? true)
    }

    /// Whether the unit exists on at least one day of `year` (a survey year is a whole year; a unit
    /// that began or ended during it can hold that year's answers).
    public func overlaps(year: Int) -> Bool {
        let first = String(format: "%04d-01-01", year)
        let next = String(format: "%04d-01-01", year + 1)
        return validFrom < next && (validTo.map { first < $0 } ?? true)
    }

    /// Whether a service period `[start, end)` (end exclusive) lies inside the unit's lifetime: it
    /// starts inside, and ends by the unit's end. An open end (nil) reads "until the unit ends" —
    /// the post ends with the unit — so back-filled officers of an ended district need no end date.
    public func contains(start: String, end: String?) -> Bool {
        guard isValid(on: start) else { return false }
        guard let validTo, let end else { return true }
        return end <= validTo
    }

    /// `valid_from – valid_to` (or `…` while the unit exists), for messages.
    public var lifetime: String { "\(validFrom) – \(validTo ?? "…")" }

    /// The unit as `Quận 1 (760, 2004-07-08 – 2025-07-01)`.
    public var label: String { "\(nameVi) (\(code), \(lifetime))" }
}
